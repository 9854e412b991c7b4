// Package geo is the asset map's small geography: great-circle distance, bounding boxes,
// UK postcode districts and a table of district centres for ordering by distance.
//
// Pure: standard library only.
package geo
