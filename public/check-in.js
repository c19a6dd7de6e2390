// The check-in page's live count and the roster's print button. The pages work without this file:
// the count is right after every POST; this only refreshes it while other stewards check people in.
(function () {
  'use strict';
  var EVERY_MS = 5000;

  var count = document.getElementById('arrival-count');
  if (count && count.dataset.countUrl && count.dataset.template) {
    var refresh = function () {
      fetch(count.dataset.countUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (res) {
          return res.ok ? res.json() : null;
        })
        .then(function (c) {
          if (!c) return;
          var text = count.dataset.template
            .replace('{arrived}', c.arrived)
            .replace('{accepted}', c.accepted)
            .replace('{capacity}', c.capacity);
          if (count.textContent !== text) count.textContent = text;
        })
        .catch(function () {
          // Offline for a moment (the venue's network): keep the last count.
        });
    };
    setInterval(refresh, EVERY_MS);
  }

  var print = document.getElementById('print-roster');
  if (print) {
    print.hidden = false;
    print.addEventListener('click', function () {
      window.print();
    });
  }
})();
