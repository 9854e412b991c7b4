// Package postcodes reads the open postcode files a council loads so that places can be found
// by address: the ONS Postcode Directory (ONSPD, a CSV with a header naming its columns, the
// point already in WGS 84 latitude and longitude) and Ordnance Survey's Code-Point Open (a CSV
// of postcode, positional quality, eastings and northings on the British National Grid, with or
// without its header row), whose grid references it converts to WGS 84.
//
// Terminated postcodes and postcodes without a point are skipped and counted. Postcodes are
// written as geo.NormalisePostcode writes them ("AH3 4XY").
//
// Pure: standard library only.
package postcodes
