// Every map's controls in the page's language: Leaflet's zoom buttons and a popup's close button
// are labelled in English; the page shell puts their names in the html element's data-map-*
// attributes, and each map script calls commonsMap.localise(map) once it has made its map.
// Load it after leaflet.js and before the map script.
(function () {
  'use strict';
  window.commonsMap = {
    localise: function (map) {
      var d = document.documentElement.dataset;
      if (!d.mapZoomIn || typeof L === 'undefined') return;
      if (map.zoomControl) {
        map.zoomControl.remove();
        map.zoomControl = L.control.zoom({ zoomInTitle: d.mapZoomIn, zoomOutTitle: d.mapZoomOut }).addTo(map);
      }
      map.on('popupopen', function (e) {
        var el = e.popup.getElement();
        var close = el && el.querySelector('.leaflet-popup-close-button');
        if (close) {
          close.setAttribute('aria-label', d.mapClose);
          close.title = d.mapClose;
        }
      });
    }
  };
})();
