// Progressive enhancement of the suggestion form: while the member types a title, offer similar
// suggestions already on the board (GET /api/board-items/similar). Without JavaScript the server
// offers them before posting instead. Same origin only (the CSP's connect-src 'self').
(function () {
  var form = document.querySelector('form[data-similar-board]');
  var input = form && form.querySelector('input[name="title"]');
  var live = document.getElementById('similar-live');
  if (!input || !live) return;
  var board = form.getAttribute('data-similar-board');
  var timer;
  var last = '';
  function show(items) {
    while (live.firstChild) live.removeChild(live.firstChild);
    if (!items.length) return;
    var heading = document.createElement('p');
    heading.textContent = live.getAttribute('data-heading');
    live.appendChild(heading);
    var list = document.createElement('ul');
    items.forEach(function (item) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '/board-items/' + encodeURIComponent(item.id);
      a.textContent = item.title + ' (' + item.voteCount + ')';
      li.appendChild(a);
      list.appendChild(li);
    });
    live.appendChild(list);
  }
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (q === last) return;
      last = q;
      if (q.length < 3) return show([]);
      fetch('/api/board-items/similar?board=' + encodeURIComponent(board) + '&q=' + encodeURIComponent(q), {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      })
        .then(function (r) {
          return r.ok ? r.json() : { items: [] };
        })
        .then(function (body) {
          if (input.value.trim() === q) show(body.items || []);
        })
        .catch(function () {});
    }, 300);
  });
})();
