package dev.loadlab.service;

/**
 * Answer of the location API.
 *
 * @param place     place name
 * @param latitude  degrees north
 * @param longitude degrees east
 */
public record Location(String place, double latitude, double longitude) {
}
