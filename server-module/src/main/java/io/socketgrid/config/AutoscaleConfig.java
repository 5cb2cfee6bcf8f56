package io.socketgrid.config;

import java.time.Duration;

/**
 * The autoscaling settings of {@link SocketGridConfig}, read the same way ({@code socketgrid.<name>} or
 * {@code SOCKETGRID_<NAME>}). They shape the advice of {@code io.socketgrid.monitoring.ScalingAdvisor};
 * docs/MONITORING.md ("The rule") explains how each one is used.
 *
 * @param autoscaleMin               fewest nodes the advice asks for (default 1)
 * @param autoscaleMax               most nodes the advice asks for (default 10)
 * @param autoscaleCpuTarget         process CPU one node should carry, percent of one core (default 60; 0: CPU
 *                                   is not considered). On a node with several cores, scale it: 240 for four
 * @param autoscaleConnectionsTarget sockets one node should carry (default 5000; 0: not considered)
 * @param autoscaleTolerance         percent by which the load must pass a target before a node is added, and
 *                                   stay under it once one is removed (default 10)
 * @param autoscaleUpWindow          the load is the mean over this window when deciding to add a node; also
 *                                   how long every node must have been sampled first (default 30s)
 * @param autoscaleDownWindow        the load is the peak over this window when deciding to remove a node; also
 *                                   how long every node must have been sampled, and no node have left, first
 *                                   (default 60s)
 */
public record AutoscaleConfig(
        int autoscaleMin,
        int autoscaleMax,
        int autoscaleCpuTarget,
        int autoscaleConnectionsTarget,
        int autoscaleTolerance,
        Duration autoscaleUpWindow,
        Duration autoscaleDownWindow) {

    public AutoscaleConfig {
        if (autoscaleMin < 1 || autoscaleMax < autoscaleMin) {
            throw new IllegalArgumentException(SocketGridConfig.PREFIX + "autoscaleMin must be at least 1 and "
                    + "autoscaleMax at least autoscaleMin, were " + autoscaleMin + " and " + autoscaleMax);
        }
        if (autoscaleCpuTarget < 0 || autoscaleConnectionsTarget < 0) {
            throw new IllegalArgumentException(SocketGridConfig.PREFIX
                    + "autoscaleCpuTarget and autoscaleConnectionsTarget must not be negative");
        }
        if (autoscaleTolerance < 0 || autoscaleTolerance >= 100) {
            throw new IllegalArgumentException(SocketGridConfig.PREFIX + "autoscaleTolerance must be 0 to 99 (percent), was "
                    + autoscaleTolerance);
        }
        if (autoscaleUpWindow.toSeconds() < 1 || autoscaleDownWindow.toSeconds() < 1) {
            throw new IllegalArgumentException(SocketGridConfig.PREFIX
                    + "autoscaleUpWindow and autoscaleDownWindow must be at least 1s");
        }
    }

    static AutoscaleConfig load(SocketGridConfig.Settings s) {
        return new AutoscaleConfig(
                s.integer("autoscaleMin", 1),
                s.integer("autoscaleMax", 10),
                s.integer("autoscaleCpuTarget", 60),
                s.integer("autoscaleConnectionsTarget", 5000),
                s.integer("autoscaleTolerance", 10),
                s.duration("autoscaleUpWindow", Duration.ofSeconds(30)),
                s.duration("autoscaleDownWindow", Duration.ofSeconds(60)));
    }
}
