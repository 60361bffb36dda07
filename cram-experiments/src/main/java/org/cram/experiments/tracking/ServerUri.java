package org.cram.experiments.tracking;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The base URI of an MLflow tracking server: {@code http(s)://host[:port][/prefix]}, without user info, query,
 * fragment or trailing slash. Its {@link #toString()} is safe to show in messages.
 */
final class ServerUri {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private final URI uri;
    private final String base;

    private ServerUri(URI uri, String base) {
        this.uri = uri;
        this.base = base;
    }

    /**
     * Checks a tracking-server URI.
     *
     * @throws IllegalArgumentException naming the URI (without any user info) and the problem
     */
    static ServerUri parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("MLflow tracking server URI must not be blank");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid MLflow tracking server URI: " + e.getReason()
                    + " at index " + e.getIndex());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("MLflow tracking server URI '" + withoutUserInfo(uri)
                    + "' must start with http:// or https://");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw new IllegalArgumentException("MLflow tracking server URI '" + withoutUserInfo(uri) + "' must not"
                    + " contain credentials before '@'; set " + MlflowCredentials.USERNAME + " and "
                    + MlflowCredentials.PASSWORD + " (or " + MlflowCredentials.TOKEN + ") instead");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("MLflow tracking server URI '" + uri + "' has no valid host name"
                    + " (letters, digits, '-' and '.'; no '_')");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("MLflow tracking server URI '" + withoutUserInfo(uri)
                    + "' must not have a query or fragment; give the server root, e.g. http://host:5000");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String base = scheme + "://" + uri.getRawAuthority() + path;
        return new ServerUri(URI.create(base), base);
    }

    /** {@code scheme://host[:port][/prefix]}, no trailing slash. */
    String base() {
        return base;
    }

    /** A URI on this server: {@code base + pathAndQuery} ({@code pathAndQuery} starts with {@code /}). */
    URI resolve(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    boolean isHttps() {
        return uri.getScheme().equals("https");
    }

    /** Whether the host is {@code localhost}, an IPv4 127/8 literal or the IPv6 loopback literal (no DNS lookup). */
    boolean isLoopbackHost() {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || IPV4_LOOPBACK.matcher(host).matches()) {
            return true;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            try {
                return InetAddress.getByName(host.substring(1, host.length() - 1)).isLoopbackAddress(); // a literal
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return base;
    }

    private static String withoutUserInfo(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null || !authority.contains("@")) {
            return uri.toString();
        }
        String host = uri.getHost() == null ? authority.substring(authority.lastIndexOf('@') + 1) : uri.getHost();
        String port = uri.getHost() == null || uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + host + port + path;
    }
}
