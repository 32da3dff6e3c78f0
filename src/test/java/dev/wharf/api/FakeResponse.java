package dev.wharf.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** A servlet response that records status, headers and body. */
final class FakeResponse extends UnsupportedResponse {
    final FakeOutput output = new FakeOutput();
    final Map<String, String> headers = new LinkedHashMap<>();
    int status = 200;

    @Override
    public void setStatus(int status) {
        this.status = status;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void setHeader(String name, String value) {
        headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
    }

    @Override
    public void addHeader(String name, String value) {
        setHeader(name, value);
    }

    @Override
    public String getHeader(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void setContentType(String type) {
        setHeader("Content-Type", type);
    }

    @Override
    public void setContentLength(int length) {
        setHeader("Content-Length", Integer.toString(length));
    }

    @Override
    public void setContentLengthLong(long length) {
        setHeader("Content-Length", Long.toString(length));
    }

    @Override
    public boolean isCommitted() {
        return output.body.size() > 0;
    }

    @Override
    public FakeOutput getOutputStream() {
        return output;
    }
}
