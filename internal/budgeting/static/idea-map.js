// The idea maps. On the idea form, a map to pick an idea's point: clicking it fills in the
// latitude and longitude fields, which work on their own without JavaScript. On a process's page,
// the ideas that have a point, each linking to its page (the table beside it lists the same
// ideas). Needs Leaflet (window.L), loaded before this script. The tile server is the
// map-tile-url setting; when it cannot be reached the map still works and a note says the
// background is missing.
function tiles (map, box, statusID) {
  map.attributionControl.setPrefix('Leaflet')
  if (window.commonsMap) window.commonsMap.localise(map)
  let failed = false
  window.L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution })
    .on('tileerror', () => {
      if (failed) return
      failed = true
      const status = document.getElementById(statusID)
      if (status) status.textContent = box.dataset.tilesFailed
    })
    .addTo(map)
}

const box = document.getElementById('idea-map')
const lat = document.getElementById('lat')
const lng = document.getElementById('lng')
if (box && lat && lng && window.L) {
  const L = window.L
  box.hidden = false
  const start = lat.value && lng.value ? [Number(lat.value), Number(lng.value)] : [Number(box.dataset.lat), Number(box.dataset.lng)]
  const map = L.map(box, { scrollWheelZoom: false }).setView(start, lat.value ? 16 : 13)
  tiles(map, box, 'idea-map-status')
  let marker = lat.value ? L.marker(start).addTo(map) : null
  const put = (ll) => {
    lat.value = ll.lat.toFixed(6)
    lng.value = ll.lng.toFixed(6)
    if (marker) marker.setLatLng(ll)
    else marker = L.marker(ll).addTo(map)
  }
  map.on('click', (e) => put(e.latlng))
}

const all = document.getElementById('ideas-map')
if (all && window.L) {
  const L = window.L
  fetch(all.dataset.geojson, { headers: { Accept: 'application/geo+json' } })
    .then((r) => r.ok ? r.json() : Promise.reject(new Error(String(r.status))))
    .then((fc) => {
      if (!fc.features || fc.features.length === 0) return
      all.hidden = false
      const map = L.map(all, { scrollWheelZoom: false })
      tiles(map, all, 'ideas-map-status')
      const layer = L.geoJSON(fc, {
        pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 8, color: '#1d70b8', weight: 2, fillOpacity: 0.7 }),
        onEachFeature: (f, m) => {
          const a = document.createElement('a')
          a.href = f.properties.url
          a.className = 'govuk-link'
          a.textContent = f.properties.title
          m.bindPopup(a)
        }
      }).addTo(map)
      map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [20, 20] })
    })
    .catch(() => {})
}
