package com.allocation.backtest.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads an HTTP/1.1 response that the server closed after writing (Connection: close). */
final class RawResponse {
    private RawResponse() {
    }

    /**
     * Reads the head and then exactly Content-Length bytes: a server that refused a body it has not read
     * answers at once but may keep the connection open while it drains, so reading to EOF could hang.
     */
    static ApiClient.Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("connection closed inside the response head: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).trim().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String contentType = "";
        String location = null;
        int length = 0;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("content-type")) {
                contentType = value;
            } else if (name.equals("location")) {
                location = value;
            } else if (name.equals("content-length")) {
                length = Integer.parseInt(value);
            }
        }
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new ApiClient.Response(status, contentType, location, body);
    }
}
