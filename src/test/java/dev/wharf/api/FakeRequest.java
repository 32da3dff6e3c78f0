package dev.wharf.api;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A servlet request with a method, a path, headers and attributes; {@code startAsync} gives a {@link FakeAsyncContext}. */
final class FakeRequest extends UnsupportedRequest {
    final Map<String, String> headers = new HashMap<>();
    final Map<String, Object> attributes = new HashMap<>();
    final String method;
    final String uri;
    DispatcherType dispatcherType = DispatcherType.REQUEST;
    FakeResponse response = new FakeResponse();
    FakeAsyncContext async;

    FakeRequest(String method, String uri) {
        this.method = method;
        this.uri = uri;
    }

    FakeRequest header(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), value);
        return this;
    }

    @Override
    public String getMethod() {
        return method;
    }

    @Override
    public String getRequestURI() {
        return uri;
    }

    @Override
    public String getContextPath() {
        return "";
    }

    @Override
    public String getHeader(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        String value = getHeader(name);
        return Collections.enumeration(value == null ? List.of() : List.of(value));
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        attributes.remove(name);
    }

    @Override
    public DispatcherType getDispatcherType() {
        return dispatcherType;
    }

    @Override
    public AsyncContext startAsync() {
        async = new FakeAsyncContext(this, response);
        return async;
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        return startAsync();
    }

    @Override
    public boolean isAsyncStarted() {
        return async != null;
    }

    @Override
    public AsyncContext getAsyncContext() {
        return async;
    }
}
