// A map to pick an idea's point: clicking it fills in the latitude and longitude fields, which
// work on their own without JavaScript. Needs Leaflet (window.L), loaded before this script.
const box = document.getElementById('idea-map')
const lat = document.getElementById('lat')
const lng = document.getElementById('lng')
if (box && lat && lng && window.L) {
  const L = window.L
  box.hidden = false
  const start = lat.value && lng.value ? [Number(lat.value), Number(lng.value)] : [Number(box.dataset.lat), Number(box.dataset.lng)]
  const map = L.map(box, { scrollWheelZoom: false }).setView(start, lat.value ? 16 : 13)
  map.attributionControl.setPrefix('Leaflet')
  // The tile server is the map-tile-url setting; when it cannot be reached the map still takes a
  // click, and a note says the background is missing (the fields below work without the map).
  let failed = false
  L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution })
    .on('tileerror', () => {
      if (failed) return
      failed = true
      const status = document.getElementById('idea-map-status')
      if (status) status.textContent = box.dataset.tilesFailed
    })
    .addTo(map)
  let marker = lat.value ? L.marker(start).addTo(map) : null
  const put = (ll) => {
    lat.value = ll.lat.toFixed(6)
    lng.value = ll.lng.toFixed(6)
    if (marker) marker.setLatLng(ll)
    else marker = L.marker(ll).addTo(map)
  }
  map.on('click', (e) => put(e.latlng))
}
