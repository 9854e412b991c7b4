package timebank

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"

	"commons/internal/platform/errs"
)

// Photos: JPEG or PNG, at most MaxPhotoBytes as uploaded and MaxPhotoSide pixels on a side.
// Each is decoded and written again, which drops what the camera put in the file (the place it
// was taken, the phone's name) and anything that is not a picture.
const (
	MaxPhotoBytes = 900 << 10
	MaxPhotoSide  = 5000
	maxAlt        = 250
)

// cleanPhoto checks an uploaded picture and writes it again without its metadata.
func cleanPhoto(data []byte) (Photo, error) {
	bad := func(key string) (Photo, error) {
		return Photo{}, errs.FieldErrors(map[string]string{"photo": key})
	}
	if len(data) == 0 {
		return bad("timebank.err.photo_missing")
	}
	if len(data) > MaxPhotoBytes {
		return bad("timebank.err.photo_big")
	}
	kind := http.DetectContentType(data)
	if kind != "image/jpeg" && kind != "image/png" {
		return bad("timebank.err.photo_type")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return bad("timebank.err.photo_type")
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxPhotoSide || cfg.Height > MaxPhotoSide {
		return bad("timebank.err.photo_side")
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return bad("timebank.err.photo_type")
	}
	var out bytes.Buffer
	if kind == "image/png" {
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, img)
	} else {
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: 85})
	}
	if err != nil {
		return bad("timebank.err.photo_type")
	}
	return Photo{ContentType: kind, Width: cfg.Width, Height: cfg.Height, Size: out.Len(), Data: out.Bytes()}, nil
}
