// The volunteering list's map: draws the search's opportunities from /volunteering.geojson on a
// Leaflet map when JavaScript runs. The list beside it is the same search and works without this
// script; if the tile server cannot be reached the markers still show and a note says so.
(function () {
  'use strict';

  function init() {
    var el = document.getElementById('volunteering-map');
    if (!el || typeof L === 'undefined') return;
    var status = document.getElementById('volunteering-map-status');
    el.hidden = false;
    el.style.height = '380px';
    el.style.marginBottom = '15px';
    var map = L.map(el, { scrollWheelZoom: false }).setView([51.62, -3.94], 12);
    map.attributionControl.setPrefix('Leaflet');
    var failed = false;
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution })
      .on('tileerror', function () {
        if (!failed) {
          failed = true;
          if (status) status.textContent = el.dataset.tilesFailed;
        }
      })
      .addTo(map);
    fetch(el.dataset.geojson, { headers: { Accept: 'application/geo+json' } })
      .then(function (r) { return r.ok ? r.json() : { features: [] }; })
      .then(function (fc) {
        var points = [];
        fc.features.forEach(function (f) {
          var c = f.geometry.coordinates;
          var link = document.createElement('a');
          link.href = f.properties.url;
          link.className = 'govuk-link';
          link.textContent = f.properties.title;
          L.circleMarker([c[1], c[0]], { radius: 7, color: '#1d70b8', weight: 2, fillOpacity: 0.7 }).bindPopup(link).addTo(map);
          points.push([c[1], c[0]]);
        });
        el.dataset.count = String(points.length);
        if (points.length) map.fitBounds(points, { padding: [20, 20], maxZoom: 15 });
      })
      .catch(function () {});
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
