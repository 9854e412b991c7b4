package assets

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"
)

//go:embed static/asset-map.js
var assetMapJS []byte

// mapScript is the asset map script's URL, with a content hash so it can be cached for long.
var mapScript = func() string {
	sum := sha256.Sum256(assetMapJS)
	return "/assets/map.js?v=" + hex.EncodeToString(sum[:6])
}()

// MapScript serves the asset map's script (/assets/map.js): the map beside the list, and the
// map on the asset form for dropping a pin.
func (h *Handlers) MapScript(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, err := w.Write(assetMapJS)
	return err
}
