// Progressive enhancement of the announcement page (the page works without it):
// a copy-to-clipboard button, and a live preview rendered by the server as you type.
(function () {
  var form = document.getElementById('announcement-form');
  var source = document.getElementById('markdown');
  if (!form || !source) return;

  var copy = form.querySelector('[data-copy]');
  var status = form.querySelector('[data-copy-status]');
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener('click', function () {
      navigator.clipboard.writeText(source.value).then(
        function () {
          if (status) status.textContent = copy.getAttribute('data-copied') || '';
        },
        function () {
          // Clipboard refused (e.g. not a secure context): select the text so Ctrl-C works.
          source.focus();
          source.select();
        },
      );
    });
  }

  var preview = document.getElementById('markdown-preview');
  var url = form.getAttribute('data-preview-url');
  var csrf = form.querySelector('input[name="_csrf"]');
  if (!preview || !url || !csrf || !window.fetch) return;
  var timer;
  source.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf.value },
        body: JSON.stringify({ markdown: source.value }),
      })
        .then(function (res) {
          return res.ok ? res.json() : null;
        })
        .then(function (body) {
          // The server renders with raw HTML off and unsafe links dropped.
          if (body && typeof body.html === 'string') preview.innerHTML = body.html;
        })
        .catch(function () {
          // Offline or signed out: the Preview button still works.
        });
    }, 400);
  });
})();
