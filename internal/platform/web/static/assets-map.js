// The asset map (/assets): draws the search's assets from /assets.geojson on a Leaflet map and
// reloads them for the window when the map is moved. The list beside it is the same search and
// works without this script; if the tile server cannot be reached the markers still show and a
// note says the background is missing.
(function () {
  'use strict';

  function init() {
    var el = document.getElementById('asset-map');
    if (!el || typeof L === 'undefined') return;
    var status = document.getElementById('asset-map-status');
    el.hidden = false;
    el.style.height = '420px';
    el.style.marginBottom = '15px';
    el.setAttribute('role', 'region');
    el.setAttribute('aria-label', el.dataset.label);
    var map = L.map(el, { scrollWheelZoom: false }).setView([51.63, -3.94], 12);
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
    var layer = L.layerGroup().addTo(map);
    var base = el.dataset.geojson;

    function draw(fc, fit) {
      layer.clearLayers();
      var points = [];
      fc.features.forEach(function (f) {
        var c = f.geometry.coordinates;
        var link = document.createElement('a');
        link.href = f.properties.url;
        link.className = 'govuk-link';
        link.textContent = f.properties.name;
        L.circleMarker([c[1], c[0]], { radius: 7, color: '#1d70b8', weight: 2, fillOpacity: 0.7 })
          .bindPopup(link)
          .addTo(layer);
        points.push([c[1], c[0]]);
      });
      el.dataset.count = String(fc.features.length);
      if (fit && points.length) map.fitBounds(points, { padding: [20, 20], maxZoom: 15 });
    }

    function load(url, fit) {
      return fetch(url, { headers: { Accept: 'application/geo+json' } })
        .then(function (r) { return r.ok ? r.json() : { features: [] }; })
        .then(function (fc) { draw(fc, fit); })
        .catch(function () {});
    }

    load(base, true).then(function () {
      map.on('moveend', function () {
        var sep = base.indexOf('?') >= 0 && !/\?$/.test(base) ? '&' : '';
        load(base + sep + 'bbox=' + encodeURIComponent(map.getBounds().toBBoxString()), false);
      });
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
