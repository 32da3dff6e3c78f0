package dev.wharf.api;

/** Every method of {@code HttpServletRequest} refuses; tests override what their code under test calls. Generated from the API jar. */
abstract class UnsupportedRequest implements jakarta.servlet.http.HttpServletRequest {
    @Override
    public java.lang.Object getAttribute(java.lang.String a0) {
        throw new UnsupportedOperationException("getAttribute");
    }

    @Override
    public java.util.Enumeration<java.lang.String> getAttributeNames() {
        throw new UnsupportedOperationException("getAttributeNames");
    }

    @Override
    public java.lang.String getCharacterEncoding() {
        throw new UnsupportedOperationException("getCharacterEncoding");
    }

    @Override
    public void setCharacterEncoding(java.lang.String a0) throws java.io.UnsupportedEncodingException {
        throw new UnsupportedOperationException("setCharacterEncoding");
    }

    @Override
    public int getContentLength() {
        throw new UnsupportedOperationException("getContentLength");
    }

    @Override
    public long getContentLengthLong() {
        throw new UnsupportedOperationException("getContentLengthLong");
    }

    @Override
    public java.lang.String getContentType() {
        throw new UnsupportedOperationException("getContentType");
    }

    @Override
    public jakarta.servlet.ServletInputStream getInputStream() throws java.io.IOException {
        throw new UnsupportedOperationException("getInputStream");
    }

    @Override
    public java.lang.String getParameter(java.lang.String a0) {
        throw new UnsupportedOperationException("getParameter");
    }

    @Override
    public java.util.Enumeration<java.lang.String> getParameterNames() {
        throw new UnsupportedOperationException("getParameterNames");
    }

    @Override
    public java.lang.String[] getParameterValues(java.lang.String a0) {
        throw new UnsupportedOperationException("getParameterValues");
    }

    @Override
    public java.util.Map<java.lang.String, java.lang.String[]> getParameterMap() {
        throw new UnsupportedOperationException("getParameterMap");
    }

    @Override
    public java.lang.String getProtocol() {
        throw new UnsupportedOperationException("getProtocol");
    }

    @Override
    public java.lang.String getScheme() {
        throw new UnsupportedOperationException("getScheme");
    }

    @Override
    public java.lang.String getServerName() {
        throw new UnsupportedOperationException("getServerName");
    }

    @Override
    public int getServerPort() {
        throw new UnsupportedOperationException("getServerPort");
    }

    @Override
    public java.io.BufferedReader getReader() throws java.io.IOException {
        throw new UnsupportedOperationException("getReader");
    }

    @Override
    public java.lang.String getRemoteAddr() {
        throw new UnsupportedOperationException("getRemoteAddr");
    }

    @Override
    public java.lang.String getRemoteHost() {
        throw new UnsupportedOperationException("getRemoteHost");
    }

    @Override
    public void setAttribute(java.lang.String a0, java.lang.Object a1) {
        throw new UnsupportedOperationException("setAttribute");
    }

    @Override
    public void removeAttribute(java.lang.String a0) {
        throw new UnsupportedOperationException("removeAttribute");
    }

    @Override
    public java.util.Locale getLocale() {
        throw new UnsupportedOperationException("getLocale");
    }

    @Override
    public java.util.Enumeration<java.util.Locale> getLocales() {
        throw new UnsupportedOperationException("getLocales");
    }

    @Override
    public boolean isSecure() {
        throw new UnsupportedOperationException("isSecure");
    }

    @Override
    public jakarta.servlet.RequestDispatcher getRequestDispatcher(java.lang.String a0) {
        throw new UnsupportedOperationException("getRequestDispatcher");
    }

    @Override
    public int getRemotePort() {
        throw new UnsupportedOperationException("getRemotePort");
    }

    @Override
    public java.lang.String getLocalName() {
        throw new UnsupportedOperationException("getLocalName");
    }

    @Override
    public java.lang.String getLocalAddr() {
        throw new UnsupportedOperationException("getLocalAddr");
    }

    @Override
    public int getLocalPort() {
        throw new UnsupportedOperationException("getLocalPort");
    }

    @Override
    public jakarta.servlet.ServletContext getServletContext() {
        throw new UnsupportedOperationException("getServletContext");
    }

    @Override
    public jakarta.servlet.AsyncContext startAsync() throws java.lang.IllegalStateException {
        throw new UnsupportedOperationException("startAsync");
    }

    @Override
    public jakarta.servlet.AsyncContext startAsync(jakarta.servlet.ServletRequest a0, jakarta.servlet.ServletResponse a1) throws java.lang.IllegalStateException {
        throw new UnsupportedOperationException("startAsync");
    }

    @Override
    public boolean isAsyncStarted() {
        throw new UnsupportedOperationException("isAsyncStarted");
    }

    @Override
    public boolean isAsyncSupported() {
        throw new UnsupportedOperationException("isAsyncSupported");
    }

    @Override
    public jakarta.servlet.AsyncContext getAsyncContext() {
        throw new UnsupportedOperationException("getAsyncContext");
    }

    @Override
    public jakarta.servlet.DispatcherType getDispatcherType() {
        throw new UnsupportedOperationException("getDispatcherType");
    }

    @Override
    public java.lang.String getRequestId() {
        throw new UnsupportedOperationException("getRequestId");
    }

    @Override
    public java.lang.String getProtocolRequestId() {
        throw new UnsupportedOperationException("getProtocolRequestId");
    }

    @Override
    public jakarta.servlet.ServletConnection getServletConnection() {
        throw new UnsupportedOperationException("getServletConnection");
    }

    @Override
    public java.lang.String getAuthType() {
        throw new UnsupportedOperationException("getAuthType");
    }

    @Override
    public jakarta.servlet.http.Cookie[] getCookies() {
        throw new UnsupportedOperationException("getCookies");
    }

    @Override
    public long getDateHeader(java.lang.String a0) {
        throw new UnsupportedOperationException("getDateHeader");
    }

    @Override
    public java.lang.String getHeader(java.lang.String a0) {
        throw new UnsupportedOperationException("getHeader");
    }

    @Override
    public java.util.Enumeration<java.lang.String> getHeaders(java.lang.String a0) {
        throw new UnsupportedOperationException("getHeaders");
    }

    @Override
    public java.util.Enumeration<java.lang.String> getHeaderNames() {
        throw new UnsupportedOperationException("getHeaderNames");
    }

    @Override
    public int getIntHeader(java.lang.String a0) {
        throw new UnsupportedOperationException("getIntHeader");
    }

    @Override
    public java.lang.String getMethod() {
        throw new UnsupportedOperationException("getMethod");
    }

    @Override
    public java.lang.String getPathInfo() {
        throw new UnsupportedOperationException("getPathInfo");
    }

    @Override
    public java.lang.String getPathTranslated() {
        throw new UnsupportedOperationException("getPathTranslated");
    }

    @Override
    public java.lang.String getContextPath() {
        throw new UnsupportedOperationException("getContextPath");
    }

    @Override
    public java.lang.String getQueryString() {
        throw new UnsupportedOperationException("getQueryString");
    }

    @Override
    public java.lang.String getRemoteUser() {
        throw new UnsupportedOperationException("getRemoteUser");
    }

    @Override
    public boolean isUserInRole(java.lang.String a0) {
        throw new UnsupportedOperationException("isUserInRole");
    }

    @Override
    public java.security.Principal getUserPrincipal() {
        throw new UnsupportedOperationException("getUserPrincipal");
    }

    @Override
    public java.lang.String getRequestedSessionId() {
        throw new UnsupportedOperationException("getRequestedSessionId");
    }

    @Override
    public java.lang.String getRequestURI() {
        throw new UnsupportedOperationException("getRequestURI");
    }

    @Override
    public java.lang.StringBuffer getRequestURL() {
        throw new UnsupportedOperationException("getRequestURL");
    }

    @Override
    public java.lang.String getServletPath() {
        throw new UnsupportedOperationException("getServletPath");
    }

    @Override
    public jakarta.servlet.http.HttpSession getSession(boolean a0) {
        throw new UnsupportedOperationException("getSession");
    }

    @Override
    public jakarta.servlet.http.HttpSession getSession() {
        throw new UnsupportedOperationException("getSession");
    }

    @Override
    public java.lang.String changeSessionId() {
        throw new UnsupportedOperationException("changeSessionId");
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        throw new UnsupportedOperationException("isRequestedSessionIdValid");
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        throw new UnsupportedOperationException("isRequestedSessionIdFromCookie");
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        throw new UnsupportedOperationException("isRequestedSessionIdFromURL");
    }

    @Override
    public boolean authenticate(jakarta.servlet.http.HttpServletResponse a0) throws java.io.IOException, jakarta.servlet.ServletException {
        throw new UnsupportedOperationException("authenticate");
    }

    @Override
    public void login(java.lang.String a0, java.lang.String a1) throws jakarta.servlet.ServletException {
        throw new UnsupportedOperationException("login");
    }

    @Override
    public void logout() throws jakarta.servlet.ServletException {
        throw new UnsupportedOperationException("logout");
    }

    @Override
    public java.util.Collection<jakarta.servlet.http.Part> getParts() throws java.io.IOException, jakarta.servlet.ServletException {
        throw new UnsupportedOperationException("getParts");
    }

    @Override
    public jakarta.servlet.http.Part getPart(java.lang.String a0) throws java.io.IOException, jakarta.servlet.ServletException {
        throw new UnsupportedOperationException("getPart");
    }

    @Override
    public <T extends jakarta.servlet.http.HttpUpgradeHandler> T upgrade(java.lang.Class<T> a0) throws java.io.IOException, jakarta.servlet.ServletException {
        throw new UnsupportedOperationException("upgrade");
    }

}
