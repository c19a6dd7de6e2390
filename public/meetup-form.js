// Progressive enhancement of the meetup form: when staff pick another city, name its time zone
// beside the time fields (without JavaScript each city option shows its zone).
(function () {
  var select = document.querySelector('select[data-zone-target]');
  var zone = select && document.getElementById(select.getAttribute('data-zone-target'));
  if (!zone) return;
  select.addEventListener('change', function () {
    var option = select.options[select.selectedIndex];
    var tz = option && option.getAttribute('data-zone');
    if (tz) zone.textContent = tz;
  });
})();
