package io.socketgrid.jakarta;

import io.socketgrid.config.SocketGridConfig;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;

/**
 * Applies {@link TyrusSchedulerPatch} when the application starts if {@code socketgrid.tyrusSchedulerPatch}
 * is on (the default), logs the outcome, and reverts it when the application stops. The outcome is
 * published as servlet context attribute {@value #OUTCOME_ATTRIBUTE} (a String) for the stats page.
 */
@WebListener
public class TyrusSchedulerPatchListener implements ServletContextListener {

    public static final String OUTCOME_ATTRIBUTE = "io.socketgrid.tyrusSchedulerPatch";

    private static final System.Logger LOG = System.getLogger(TyrusSchedulerPatchListener.class.getName());

    private TyrusSchedulerPatch.Outcome outcome;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (!SocketGridConfig.fromEnvironment().tyrusSchedulerPatch()) {
            outcome = new TyrusSchedulerPatch.NotApplied("switched off by socketgrid.tyrusSchedulerPatch=false");
        } else {
            outcome = TyrusSchedulerPatch.apply(event.getServletContext().getAttribute(ServerContainer.class.getName()));
        }
        event.getServletContext().setAttribute(OUTCOME_ATTRIBUTE, outcome.describe());
        LOG.log(System.Logger.Level.INFO, "Tyrus idle-timeout scheduler patch " + outcome.describe());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (outcome instanceof TyrusSchedulerPatch.Applied applied) {
            applied.revert();
        }
    }
}
