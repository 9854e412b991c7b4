// The coordinators' map of who is helping whom: draws each relationship from
// /mentoring/coordinate/map.geojson as a line from mentor to mentee on a Leaflet map when
// JavaScript runs. The table beside it lists the same relationships and works without this
// script; if the tile server cannot be reached the lines still show and a note says so.
(function () {
  'use strict';

  function init() {
    var el = document.getElementById('mentoring-map');
    if (!el || typeof L === 'undefined') return;
    var status = document.getElementById('mentoring-map-status');
    el.hidden = false;
    el.style.height = '380px';
    el.style.marginBottom = '15px';
    var map = L.map(el, { scrollWheelZoom: false }).setView([51.62, -3.94], 11);
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
    fetch(el.dataset.geojson, { headers: { Accept: 'application/geo+json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : { features: [] }; })
      .then(function (fc) {
        var points = [];
        var lines = 0;
        fc.features.forEach(function (f) {
          var link = document.createElement('a');
          link.href = f.properties.url;
          link.className = 'govuk-link';
          if (f.geometry.type === 'LineString') {
            var c = f.geometry.coordinates.map(function (p) { return [p[1], p[0]]; });
            link.textContent = f.properties.label;
            var closed = f.properties.stage === 'closed';
            L.polyline(c, { color: closed ? '#505a5f' : '#1d70b8', weight: 4, dashArray: closed ? '6 6' : null }).bindPopup(link).addTo(map);
            lines++;
          } else {
            var p = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
            link.textContent = f.properties.name;
            L.circleMarker(p, { radius: 7, color: '#0b0c0c', weight: 2, fillColor: '#ffffff', fillOpacity: 1 }).bindPopup(link).addTo(map);
            points.push(p);
          }
        });
        el.dataset.count = String(lines);
        if (status && el.dataset.drawn) status.textContent = el.dataset.drawn.replace('{n}', String(lines));
        if (points.length) map.fitBounds(points, { padding: [20, 20], maxZoom: 14 });
      })
      .catch(function () {});
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
