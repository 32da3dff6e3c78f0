package dev.wharf.api;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * An async context whose "container threads" are the test: {@link #start} queues the task, and
 * {@link #runTasks()} runs what is queued, so a test sees exactly which thread writes.
 */
final class FakeAsyncContext implements AsyncContext {
    final FakeRequest request;
    final FakeResponse response;
    final Queue<Runnable> tasks = new ArrayDeque<>();
    final List<AsyncListener> listeners = new ArrayList<>();
    volatile boolean completed;
    volatile boolean dispatched;
    long timeout;

    FakeAsyncContext(FakeRequest request, FakeResponse response) {
        this.request = request;
        this.response = response;
        response.output.context = this;
    }

    /** Runs queued container tasks (and those they queue) until none is left. */
    void runTasks() {
        Runnable task;
        while ((task = poll()) != null) {
            task.run();
        }
    }

    private synchronized Runnable poll() {
        return tasks.poll();
    }

    synchronized void queue(Runnable task) {
        tasks.add(task);
    }

    /** Whether the response ended normally: completed and not dispatched to break the connection. */
    boolean endedNormally() {
        return completed && !dispatched;
    }

    /** What the container does when the client goes away or the request ends. */
    void fireComplete() throws IOException {
        for (AsyncListener listener : List.copyOf(listeners)) {
            listener.onComplete(new AsyncEvent(this));
        }
    }

    @Override
    public ServletRequest getRequest() {
        return request;
    }

    @Override
    public ServletResponse getResponse() {
        return response;
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return true;
    }

    @Override
    public void dispatch() {
        if (completed || dispatched) {
            throw new IllegalStateException("already completed or dispatched");
        }
        dispatched = true;
    }

    @Override
    public void dispatch(String path) {
        dispatch();
    }

    @Override
    public void dispatch(ServletContext context, String path) {
        dispatch();
    }

    @Override
    public void complete() {
        if (completed || dispatched) {
            throw new IllegalStateException("already completed or dispatched");
        }
        completed = true;
    }

    @Override
    public void start(Runnable run) {
        queue(run);
    }

    @Override
    public void addListener(AsyncListener listener) {
        listeners.add(listener);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
        listeners.add(listener);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> type) {
        throw new UnsupportedOperationException("createListener");
    }

    @Override
    public void setTimeout(long timeout) {
        this.timeout = timeout;
    }

    @Override
    public long getTimeout() {
        return timeout;
    }
}
