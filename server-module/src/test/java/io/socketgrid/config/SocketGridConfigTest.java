package io.socketgrid.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SocketGridConfigTest {

    @Test
    void defaults() {
        SocketGridConfig config = SocketGridConfig.defaults();
        assertEquals(Duration.ofSeconds(8), config.pingInterval());
        assertEquals(Duration.ofSeconds(20), config.pingTimeout());
        assertEquals(Duration.ofSeconds(10), config.handshakeTimeout());
        assertEquals(1 << 20, config.maxMessageBytes());
        assertEquals(1 << 20, config.outboundQueueLimit());
        assertEquals(256, config.maxChannelNameLength());
        assertEquals(1000, config.maxSubscriptionsPerSocket());
        assertEquals("auto", config.broker());
        assertEquals("", config.hazelcastConfig());
        assertEquals(1000, config.historySize());
        assertEquals(Duration.ofMinutes(5), config.historyTtl());
        assertTrue(config.allowClientPublish());
        assertTrue(config.tyrusSchedulerPatch());
        assertTrue(config.upgradeRequestTrim());
        assertTrue(config.preparedTextFrames());
        assertTrue(config.metrics());
    }

    @Test
    void readsEveryDurationForm() {
        Map<String, String> values = Map.of("pingInterval", "500ms", "pingTimeout", "PT3S", "handshakeTimeout", "1500");
        SocketGridConfig config = SocketGridConfig.load(values::get);
        assertEquals(Duration.ofMillis(500), config.pingInterval());
        assertEquals(Duration.ofSeconds(3), config.pingTimeout());
        assertEquals(Duration.ofMillis(1500), config.handshakeTimeout());
        assertEquals(Duration.ofMinutes(2), SocketGridConfig.load(Map.of("pingTimeout", "2m")::get).pingTimeout());
    }

    @Test
    void readsNumbersAndSwitches() {
        Map<String, String> values = Map.of("maxMessageBytes", "65_536", "allowClientPublish", "off",
                "tyrusSchedulerPatch", "false", "upgradeRequestTrim", "false", "preparedTextFrames", "false", "metrics", "no");
        SocketGridConfig config = SocketGridConfig.load(values::get);
        assertEquals(65536, config.maxMessageBytes());
        assertFalse(config.allowClientPublish());
        assertFalse(config.tyrusSchedulerPatch());
        assertFalse(config.upgradeRequestTrim());
        assertFalse(config.preparedTextFrames());
        assertFalse(config.metrics());
    }

    @Test
    void invalidValuesNameTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SocketGridConfig.load(Map.of("pingInterval", "soon")::get));
        assertTrue(e.getMessage().contains("socketgrid.pingInterval"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SocketGridConfig.load(Map.of("pingTimeout", "PTX")::get));
        assertThrows(IllegalArgumentException.class, () -> SocketGridConfig.load(Map.of("maxMessageBytes", "0")::get));
        assertThrows(IllegalArgumentException.class, () -> SocketGridConfig.load(Map.of("allowClientPublish", "maybe")::get));
        assertThrows(IllegalArgumentException.class, () -> SocketGridConfig.load(Map.of("broker", "redis")::get));
    }

    @Test
    void autoscalingDefaultsAndBounds() {
        AutoscaleConfig autoscale = SocketGridConfig.defaults().autoscale();
        assertEquals(new AutoscaleConfig(1, 10, 60, 5000, 10, Duration.ofSeconds(30), Duration.ofSeconds(60)), autoscale);
        assertEquals(45, SocketGridConfig.load(Map.of("autoscaleCpuTarget", "45")::get).autoscale().autoscaleCpuTarget());
        assertEquals("SOCKETGRID_AUTOSCALE_CONNECTIONS_TARGET", SocketGridConfig.environmentName("autoscaleConnectionsTarget"));
        assertThrows(IllegalArgumentException.class, () -> SocketGridConfig.load(Map.of("autoscaleMin", "0")::get));
        assertThrows(IllegalArgumentException.class,
                () -> SocketGridConfig.load(Map.of("autoscaleMin", "4", "autoscaleMax", "3")::get));
        assertThrows(IllegalArgumentException.class, () -> SocketGridConfig.load(Map.of("autoscaleTolerance", "100")::get));
        assertThrows(IllegalArgumentException.class, () -> SocketGridConfig.load(Map.of("autoscaleCpuTarget", "-1")::get));
        assertThrows(IllegalArgumentException.class, () -> SocketGridConfig.load(Map.of("autoscaleUpWindow", "500ms")::get));
    }

    @Test
    void environmentNames() {
        assertEquals("SOCKETGRID_PING_INTERVAL", SocketGridConfig.environmentName("pingInterval"));
        assertEquals("SOCKETGRID_MAX_SUBSCRIPTIONS_PER_SOCKET", SocketGridConfig.environmentName("maxSubscriptionsPerSocket"));
    }

    @Test
    void misspelledSettingsAreFoundAndTheScriptsOwnVariablesAreNot() {
        assertTrue(SocketGridConfig.settingNames().containsAll(java.util.Set.of("pingInterval", "authKey", "authChannels")));
        assertEquals(java.util.List.of("socketgrid.authChanels", "SOCKETGRID_AUTH_CHANELS"),
                SocketGridConfig.unknownSettings(
                        java.util.Set.of("socketgrid.authChanels", "socketgrid.authChannels", "java.version"),
                        java.util.Set.of("SOCKETGRID_AUTH_CHANELS", "SOCKETGRID_AUTH_KEY", "SOCKETGRID_PORT", "PATH"),
                        java.util.Set.of("SOCKETGRID_PORT")));
    }
}
