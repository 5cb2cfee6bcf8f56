package io.socketgrid.jakarta;

import io.socketgrid.engine.EngineStats;
import io.socketgrid.files.FileStats;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /socketgrid/stats}: this node's counters as JSON (see {@link EngineStats}). */
@WebServlet("/socketgrid/stats")
public class StatsServlet extends JsonServlet {

    /** The document served: the engine's counters plus node facts. */
    public record StatsReport(EngineStats engine, FileStats files, int localChannels, String broker,
                              String tyrusSchedulerPatch, UpgradeRequestTrim.Report upgradeRequestTrim,
                              TyrusFrameWriter.Report preparedTextFrames) {
    }

    @Inject
    SocketGridRuntime runtime;

    @Override
    protected Object document(HttpServletRequest request, HttpServletResponse response) {
        return new StatsReport(runtime.stats(), runtime.files().stats(), runtime.engine().localChannelCount(), runtime.brokerDescription(),
                String.valueOf(getServletContext().getAttribute(TyrusSchedulerPatchListener.OUTCOME_ATTRIBUTE)),
                runtime.upgradeTrim().map(UpgradeRequestTrim::report).orElse(null),
                runtime.frameWriter().map(TyrusFrameWriter::report).orElse(null));
    }
}
