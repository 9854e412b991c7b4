// The asset map's script (/assets/map.js), in two parts. Everything it does is also possible
// without it: the list and its filters, and typing a latitude and longitude.
//
// 1. The map beside the list (/assets): the search's assets from /assets.geojson, each marker
//    showing its category by colour and letter (the legend says which), markers close together
//    gathered into one numbered cluster that zooms in when chosen, and reloaded for the window
//    when the map moves. Once the person moves the map, the list beside it follows: it is
//    reloaded for the map's area (the page's own search with bbox added), and the address bar
//    says so, so a refresh or a shared link shows the same list.
// 2. The map on the asset form: click or tap the map (or drag the pin) to set the latitude and
//    longitude; "Find the postcode on the map" puts the pin at a postcode the council has loaded.
//
// If the tile server cannot be reached the markers still show and a note says the background is
// missing.
(function () {
  'use strict';

  var CELL = 56; // markers closer than this many pixels are gathered into one

  function tiles(map, el, status) {
    var failed = false;
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution })
      .on('tileerror', function () {
        if (!failed) {
          failed = true;
          if (status) status.textContent = el.dataset.tilesFailed;
        }
      })
      .addTo(map);
    map.attributionControl.setPrefix('Leaflet'); // plain text: a link here is told apart by colour only
  }

  function centre(el) {
    var c = (el.dataset.center || '').split(',');
    var lat = Number(c[0]);
    var lon = Number(c[1]);
    if (c.length === 2 && isFinite(lat) && isFinite(lon)) return [lat, lon];
    return null;
  }

  // categoryIcon is a round marker in the category's colour with its letter, as in the legend.
  function categoryIcon(category, letter) {
    return L.divIcon({
      className: 'commons-marker commons-marker--' + category,
      html: '<span aria-hidden="true">' + letter + '</span>',
      iconSize: [26, 26],
      iconAnchor: [13, 13],
      popupAnchor: [0, -12]
    });
  }

  function clusterIcon(n) {
    var size = n < 10 ? 34 : n < 100 ? 40 : 48;
    return L.divIcon({
      className: 'commons-cluster',
      html: '<span aria-hidden="true">' + n + '</span>',
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2]
    });
  }

  // cluster gathers points that would be drawn closer than CELL pixels apart at the map's zoom:
  // each group is drawn at its first point, and every first point is at least CELL pixels from
  // every other, so no two markers overlap (each is a target of its own).
  function cluster(map, features) {
    var zoom = map.getZoom();
    var groups = [];
    features.forEach(function (f) {
      var c = f.geometry.coordinates;
      var p = map.project([c[1], c[0]], zoom);
      for (var i = 0; i < groups.length; i++) {
        var dx = groups[i].p.x - p.x;
        var dy = groups[i].p.y - p.y;
        if (dx * dx + dy * dy < CELL * CELL) {
          groups[i].members.push(f);
          return;
        }
      }
      groups.push({ p: p, members: [f] });
    });
    return groups.map(function (g) { return g.members; });
  }

  function listMap(el) {
    var status = document.getElementById('asset-map-status');
    var legend = document.getElementById('asset-map-legend');
    var letters = {};
    var names = {};
    if (legend) {
      legend.hidden = false;
      Array.prototype.forEach.call(legend.querySelectorAll('[data-category]'), function (li) {
        letters[li.dataset.category] = li.dataset.letter;
        names[li.dataset.category] = li.dataset.name;
      });
    }
    el.hidden = false;
    el.setAttribute('role', 'region');
    el.setAttribute('aria-label', el.dataset.label);
    var start = centre(el) || [54.0, -2.5];
    var map = L.map(el, { scrollWheelZoom: false }).setView(start, centre(el) ? 12 : 6);
    if (window.commonsMap) window.commonsMap.localise(map); // zoom buttons in the page's language
    tiles(map, el, status);
    var layer = L.layerGroup().addTo(map);
    var base = el.dataset.geojson;
    var features = [];
    var radius = Number(el.dataset.radiusKm);
    if (centre(el) && radius > 0) {
      L.circle(centre(el), { radius: radius * 1000, color: '#1d70b8', weight: 2, fill: false, interactive: false }).addTo(map);
    }

    function draw() {
      layer.clearLayers();
      cluster(map, features).forEach(function (group) {
        if (group.length === 1) {
          var f = group[0];
          var c = f.geometry.coordinates;
          var cat = f.properties.category;
          var link = document.createElement('a');
          link.href = f.properties.url;
          link.className = 'govuk-link';
          link.textContent = f.properties.name;
          var box = document.createElement('div');
          box.appendChild(link);
          if (names[cat]) {
            var what = document.createElement('p');
            what.className = 'govuk-body-s govuk-!-margin-bottom-0';
            what.textContent = names[cat];
            box.appendChild(what);
          }
          L.marker([c[1], c[0]], { icon: categoryIcon(cat, letters[cat] || '•'), title: f.properties.name + (names[cat] ? ' (' + names[cat] + ')' : ''), keyboard: true })
            .bindPopup(box)
            .addTo(layer);
          return;
        }
        var first = group[0].geometry.coordinates;
        var bounds = group.map(function (f) { return [f.geometry.coordinates[1], f.geometry.coordinates[0]]; });
        var title = el.dataset.cluster.replace('{n}', String(group.length));
        var here = L.latLngBounds(bounds);
        var marker = L.marker([first[1], first[0]], { icon: clusterIcon(group.length), title: title, keyboard: true }).addTo(layer);
        if (map.getZoom() >= map.getMaxZoom() || here.getNorthEast().equals(here.getSouthWest())) {
          // Places at one point (or the map zoomed in all the way): a list of them instead.
          var list = document.createElement('ul');
          list.className = 'govuk-list govuk-body-s';
          group.forEach(function (f) {
            var li = document.createElement('li');
            var a = document.createElement('a');
            a.href = f.properties.url;
            a.className = 'govuk-link';
            a.textContent = f.properties.name;
            li.appendChild(a);
            list.appendChild(li);
          });
          marker.bindPopup(list);
        } else {
          marker.on('click', function () {
            map.fitBounds(here, { padding: [40, 40], maxZoom: Math.min(map.getZoom() + 3, map.getMaxZoom()) });
          });
        }
      });
      el.dataset.count = String(features.length);
      el.dataset.markers = String(layer.getLayers().length);
    }

    function load(url) {
      return fetch(url, { headers: { Accept: 'application/geo+json' } })
        .then(function (r) { return r.ok ? r.json() : { features: [] }; })
        .then(function (fc) { features = fc.features || []; draw(); })
        .catch(function () {});
    }

    // The list follows the map: the page's own search for the map's area replaces the list.
    var results = document.getElementById('asset-results');
    var listing = 0;
    function follow(bbox) {
      if (!results || !window.DOMParser) return;
      var url = new URL(window.location.href);
      url.searchParams.set('bbox', bbox);
      url.searchParams.delete('page');
      var mine = ++listing;
      fetch(url.toString(), { headers: { Accept: 'text/html' } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null || mine !== listing) return;
          var doc = new DOMParser().parseFromString(html, 'text/html');
          var fresh = doc.getElementById('asset-results');
          if (!fresh) return;
          results.innerHTML = fresh.innerHTML;
          window.history.replaceState(null, '', url.toString());
          var count = doc.getElementById('results');
          if (status && count) status.textContent = el.dataset.following + ' ' + count.textContent;
        })
        .catch(function () {});
    }

    function sep(u) { return u.indexOf('?') >= 0 && !/\?$/.test(u) ? '&' : ''; }

    load(base).then(function () {
      var points = features.map(function (f) { return [f.geometry.coordinates[1], f.geometry.coordinates[0]]; });
      // Without animation the view is set before the listener below is added, so only the
      // person moving the map makes the list follow it.
      if (centre(el) && radius > 0) {
        map.fitBounds(L.latLng(centre(el)).toBounds(radius * 2000), { animate: false });
      } else if (points.length) {
        map.fitBounds(points, { padding: [20, 20], maxZoom: 15, animate: false });
      }
      draw();
      map.on('zoomend', draw);
      map.on('moveend', function () {
        var bbox = map.getBounds().toBBoxString();
        load(base + sep(base) + 'bbox=' + encodeURIComponent(bbox));
        follow(bbox);
      });
    });
  }

  function pinMap(el) {
    var status = document.getElementById('asset-pin-status');
    var lat = document.getElementById('latitude');
    var lon = document.getElementById('longitude');
    var postcode = document.getElementById('postcode');
    if (!lat || !lon) return;
    el.hidden = false;
    el.setAttribute('role', 'region');
    el.setAttribute('aria-label', el.dataset.label);
    var have = isFinite(parseFloat(lat.value)) && isFinite(parseFloat(lon.value));
    var start = have ? [parseFloat(lat.value), parseFloat(lon.value)] : (centre(el) || [54.0, -2.5]);
    var map = L.map(el, { scrollWheelZoom: false }).setView(start, have ? 17 : (centre(el) ? 12 : 6));
    if (window.commonsMap) window.commonsMap.localise(map);
    tiles(map, el, status);
    var pin = null;

    function place(latlng, say) {
      var p = L.latLng(latlng);
      if (!pin) {
        pin = L.marker(p, { draggable: true, keyboard: true, title: el.dataset.label })
          .on('dragend', function () { place(pin.getLatLng(), true); })
          .addTo(map);
      } else {
        pin.setLatLng(p);
      }
      lat.value = p.lat.toFixed(6);
      lon.value = p.lng.toFixed(6);
      if (say && status) status.textContent = el.dataset.placed.replace('{lat}', lat.value).replace('{lon}', lon.value);
    }

    if (have) place(start, false);
    map.on('click', function (e) { place(e.latlng, true); });
    function typed() {
      var a = parseFloat(lat.value);
      var b = parseFloat(lon.value);
      if (isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
        place([a, b], false);
        map.setView([a, b], Math.max(map.getZoom(), 15));
      }
    }
    lat.addEventListener('change', typed);
    lon.addEventListener('change', typed);

    if (postcode) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'govuk-button govuk-button--secondary govuk-!-margin-bottom-2';
      button.textContent = el.dataset.find;
      el.parentNode.insertBefore(button, el);
      button.addEventListener('click', function () {
        var pc = postcode.value.trim();
        if (!pc) {
          postcode.focus();
          return;
        }
        fetch('/api/v1/postcodes?q=' + encodeURIComponent(pc), { headers: { Accept: 'application/json' } })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (list) {
            var p = list && list.items && list.items[0];
            if (!p || !p.exact) {
              if (status) status.textContent = el.dataset.notFound;
              return;
            }
            place([p.latitude, p.longitude], true);
            map.setView([p.latitude, p.longitude], 17);
          })
          .catch(function () { if (status) status.textContent = el.dataset.notFound; });
      });
    }
  }

  function init() {
    if (typeof L === 'undefined') return;
    var list = document.getElementById('asset-map');
    if (list) listMap(list);
    var pin = document.getElementById('asset-pin-map');
    if (pin) pinMap(pin);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
