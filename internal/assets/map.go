package assets

import (
	"commons/internal/platform/web"
	_ "embed"
)

//go:embed static/asset-map.js
var assetMapJS []byte

// mapScript is the asset map's script (/assets/map.js): the map beside the list, and the map on
// the asset form for dropping a pin; its URL has a content hash so it can be cached for long.
var mapScript = web.NewHashedFile("/assets/map.js", "text/javascript; charset=utf-8", assetMapJS)
