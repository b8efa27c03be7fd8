package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A geo_point: longitude and latitude in degrees, written as WKT {@code POINT (lon lat)} as ES|QL prints it. */
public record GeoPoint(double lon, double lat) {

    private static final Pattern WKT = Pattern.compile("(?i)\\s*POINT\\s*\\(\\s*(\\S+)\\s+(\\S+)\\s*\\)\\s*");
    private static final double EARTH_MEAN_RADIUS_METERS = 6371008.7714;

    /** WKT {@code POINT (lon lat)} or {@code "lat,lon"} (Elasticsearch's string form), or empty. */
    public static Optional<GeoPoint> parse(String text) {
        try {
            Matcher m = WKT.matcher(text);
            if (m.matches()) {
                return Optional.of(new GeoPoint(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))));
            }
            String[] parts = text.split(",");
            if (parts.length == 2) {
                return Optional.of(new GeoPoint(Double.parseDouble(parts[1].trim()), Double.parseDouble(parts[0].trim())));
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Haversine distance in meters, the formula ES|QL's ST_DISTANCE uses for geo_point. */
    public double distanceMeters(GeoPoint o) {
        double lat1 = Math.toRadians(lat);
        double lat2 = Math.toRadians(o.lat);
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(o.lon - lon);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_MEAN_RADIUS_METERS * Math.asin(Math.sqrt(a));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "POINT (%s %s)", Values.formatDouble(lon), Values.formatDouble(lat));
    }
}
