// The event page's map: draws the venue on a Leaflet map when JavaScript runs. The venue's name,
// address, access information and the OpenStreetMap link stay on the page as the fallback; if the
// tile server cannot be reached the marker still shows and a note says the background is missing.
(function () {
  'use strict';

  function init() {
    var el = document.getElementById('event-map');
    if (!el || typeof L === 'undefined') return;
    var lat = Number(el.dataset.lat);
    var lng = Number(el.dataset.lng);
    if (!isFinite(lat) || !isFinite(lng)) return;
    var status = document.getElementById('event-map-status');
    el.hidden = false;
    el.style.height = '320px';
    el.style.marginBottom = '15px';
    var map = L.map(el, { scrollWheelZoom: false }).setView([lat, lng], 16);
    map.attributionControl.setPrefix('Leaflet'); // plain text: a link here is told apart by colour only
    if (window.commonsMap) window.commonsMap.localise(map);
    var failed = false;
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution })
      .on('tileerror', function () {
        if (!failed) {
          failed = true;
          if (status) status.textContent = el.dataset.tilesFailed;
        }
      })
      .addTo(map);
    L.marker([lat, lng], { alt: el.dataset.venue, keyboard: false }).addTo(map);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
