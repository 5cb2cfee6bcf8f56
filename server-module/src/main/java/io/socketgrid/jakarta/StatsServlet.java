package io.socketgrid.jakarta;

import io.socketgrid.engine.EngineStats;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code GET /socketgrid/stats}: this node's counters as JSON (see {@link EngineStats}). */
@WebServlet("/socketgrid/stats")
public class StatsServlet extends HttpServlet {

    /** The document served: the engine's counters plus node facts. */
    public record StatsReport(EngineStats engine, int localChannels, String broker, String tyrusSchedulerPatch) {
    }

    @Inject
    SocketGridRuntime runtime;

    private transient Jsonb jsonb;

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
        StatsReport report = new StatsReport(runtime.stats(), runtime.engine().localChannelCount(),
                runtime.brokerDescription(),
                String.valueOf(getServletContext().getAttribute(TyrusSchedulerPatchListener.OUTCOME_ATTRIBUTE)));
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        jsonb.toJson(report, response.getWriter());
    }
}
