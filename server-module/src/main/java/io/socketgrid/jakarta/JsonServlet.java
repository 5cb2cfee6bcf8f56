package io.socketgrid.jakarta;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** A servlet that answers GET with one JSON document, never cached (subclasses may write others the same way). */
abstract class JsonServlet extends HttpServlet {

    private transient Jsonb jsonb;

    /** The document for this request (bound with JSON-B), or null after sending an error on {@code response}. */
    protected abstract Object document(HttpServletRequest request, HttpServletResponse response) throws IOException;

    @Override
    public void init() {
        jsonb = JsonbBuilder.create();
    }

    @Override
    public void destroy() {
        try {
            jsonb.close();
        } catch (Exception e) {
            // nothing holds resources worth reporting here
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object document = document(request, response);
        if (document != null) {
            write(document, response);
        }
    }

    /** A document built from cluster-state queries, which may fail or not answer in time. */
    protected interface ClusterQuery {
        Object get() throws ExecutionException, TimeoutException, InterruptedException;
    }

    /** {@code query}'s document, or null after answering 503 when the cluster state failed or did not answer. */
    protected static Object fromCluster(ClusterQuery query, HttpServletResponse response) throws IOException {
        try {
            return query.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "cluster state unavailable: " + e);
        }
        return null;
    }

    /** Sends {@code document} as the JSON body of {@code response}, never cached. */
    protected void write(Object document, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        jsonb.toJson(document, response.getWriter());
    }
}
