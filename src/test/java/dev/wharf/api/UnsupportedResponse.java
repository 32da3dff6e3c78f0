package dev.wharf.api;

/** Every method of {@code HttpServletResponse} refuses; tests override what their code under test calls. Generated from the API jar. */
abstract class UnsupportedResponse implements jakarta.servlet.http.HttpServletResponse {
    @Override
    public java.lang.String getCharacterEncoding() {
        throw new UnsupportedOperationException("getCharacterEncoding");
    }

    @Override
    public java.lang.String getContentType() {
        throw new UnsupportedOperationException("getContentType");
    }

    @Override
    public jakarta.servlet.ServletOutputStream getOutputStream() throws java.io.IOException {
        throw new UnsupportedOperationException("getOutputStream");
    }

    @Override
    public java.io.PrintWriter getWriter() throws java.io.IOException {
        throw new UnsupportedOperationException("getWriter");
    }

    @Override
    public void setCharacterEncoding(java.lang.String a0) {
        throw new UnsupportedOperationException("setCharacterEncoding");
    }

    @Override
    public void setContentLength(int a0) {
        throw new UnsupportedOperationException("setContentLength");
    }

    @Override
    public void setContentLengthLong(long a0) {
        throw new UnsupportedOperationException("setContentLengthLong");
    }

    @Override
    public void setContentType(java.lang.String a0) {
        throw new UnsupportedOperationException("setContentType");
    }

    @Override
    public void setBufferSize(int a0) {
        throw new UnsupportedOperationException("setBufferSize");
    }

    @Override
    public int getBufferSize() {
        throw new UnsupportedOperationException("getBufferSize");
    }

    @Override
    public void flushBuffer() throws java.io.IOException {
        throw new UnsupportedOperationException("flushBuffer");
    }

    @Override
    public void resetBuffer() {
        throw new UnsupportedOperationException("resetBuffer");
    }

    @Override
    public boolean isCommitted() {
        throw new UnsupportedOperationException("isCommitted");
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException("reset");
    }

    @Override
    public void setLocale(java.util.Locale a0) {
        throw new UnsupportedOperationException("setLocale");
    }

    @Override
    public java.util.Locale getLocale() {
        throw new UnsupportedOperationException("getLocale");
    }

    @Override
    public void addCookie(jakarta.servlet.http.Cookie a0) {
        throw new UnsupportedOperationException("addCookie");
    }

    @Override
    public boolean containsHeader(java.lang.String a0) {
        throw new UnsupportedOperationException("containsHeader");
    }

    @Override
    public java.lang.String encodeURL(java.lang.String a0) {
        throw new UnsupportedOperationException("encodeURL");
    }

    @Override
    public java.lang.String encodeRedirectURL(java.lang.String a0) {
        throw new UnsupportedOperationException("encodeRedirectURL");
    }

    @Override
    public void sendError(int a0, java.lang.String a1) throws java.io.IOException {
        throw new UnsupportedOperationException("sendError");
    }

    @Override
    public void sendError(int a0) throws java.io.IOException {
        throw new UnsupportedOperationException("sendError");
    }

    @Override
    public void sendRedirect(java.lang.String a0) throws java.io.IOException {
        throw new UnsupportedOperationException("sendRedirect");
    }

    @Override
    public void setDateHeader(java.lang.String a0, long a1) {
        throw new UnsupportedOperationException("setDateHeader");
    }

    @Override
    public void addDateHeader(java.lang.String a0, long a1) {
        throw new UnsupportedOperationException("addDateHeader");
    }

    @Override
    public void setHeader(java.lang.String a0, java.lang.String a1) {
        throw new UnsupportedOperationException("setHeader");
    }

    @Override
    public void addHeader(java.lang.String a0, java.lang.String a1) {
        throw new UnsupportedOperationException("addHeader");
    }

    @Override
    public void setIntHeader(java.lang.String a0, int a1) {
        throw new UnsupportedOperationException("setIntHeader");
    }

    @Override
    public void addIntHeader(java.lang.String a0, int a1) {
        throw new UnsupportedOperationException("addIntHeader");
    }

    @Override
    public void setStatus(int a0) {
        throw new UnsupportedOperationException("setStatus");
    }

    @Override
    public int getStatus() {
        throw new UnsupportedOperationException("getStatus");
    }

    @Override
    public java.lang.String getHeader(java.lang.String a0) {
        throw new UnsupportedOperationException("getHeader");
    }

    @Override
    public java.util.Collection<java.lang.String> getHeaders(java.lang.String a0) {
        throw new UnsupportedOperationException("getHeaders");
    }

    @Override
    public java.util.Collection<java.lang.String> getHeaderNames() {
        throw new UnsupportedOperationException("getHeaderNames");
    }

}
