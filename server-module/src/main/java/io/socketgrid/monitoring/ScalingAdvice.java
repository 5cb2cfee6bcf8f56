package io.socketgrid.monitoring;

/**
 * What the autoscaling rule advises now (docs/MONITORING.md, "Autoscaling advice"): the shape of
 * {@code GET /socketgrid/autoscale} and of {@code advice} in every metrics update.
 *
 * @param at                 epoch milliseconds the advice was computed for
 * @param action             {@link Action#ADD} one node, {@link Action#REMOVE} one node, or {@link Action#HOLD}
 * @param nodes              nodes up now
 * @param desiredNodes       nodes the load calls for, within the configured bounds; equals {@code nodes} when
 *                           no change is called for. It may differ from {@code nodes} by more than one, and
 *                           while the action is HOLD (the rule is waiting for data), but each action moves by one
 * @param cpuPercentPerNode  the cluster's process CPU, mean over the scale-up window, divided by {@code nodes}
 *                           (percent of one core)
 * @param connectionsPerNode the cluster's sockets, mean over the scale-up window, divided by {@code nodes}
 * @param reason             the figures and the part of the rule that decided, in words
 */
public record ScalingAdvice(long at, Action action, int nodes, int desiredNodes, double cpuPercentPerNode,
                            double connectionsPerNode, String reason) {

    /** What an operator or a script should do. */
    public enum Action {
        /** Start one more node. */
        ADD,
        /** Drain one node and stop it. */
        REMOVE,
        /** Leave the cluster as it is. */
        HOLD
    }
}
