package io.vigil.topology;

import static io.vigil.serdes.testkit.Events.anAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.EscalationSettings;
import io.vigil.config.StoreType;
import io.vigil.config.VigilConfig;
import io.vigil.detectors.AlertIds;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.EntityType;
import io.vigil.events.Incident;
import io.vigil.events.Severity;
import io.vigil.topology.testkit.VigilTestDriver;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Escalation alone on {@link TopologyTestDriver}: three OPEN alerts within five minutes open an incident. */
class EscalationTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private final VigilConfig config = VigilConfig.defaults();

    @TempDir
    Path stateDir;
    private VigilTestDriver vigil;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Alert> alerts;
    private TestOutputTopic<String, Incident> incidents;

    @BeforeEach
    void setUp() {
        // Escalation alone, under the properties a stream instance runs with.
        vigil = VigilTestDriver.of(config, stateDir);
        VigilSerdes serdes = vigil.serdes();
        EscalationTopology topology = new EscalationTopology(serdes.alerts(), serdes.incidents(),
                new EscalationSettings(3, Duration.ofMinutes(5)), StoreType.IN_MEMORY, false, new SimpleMeterRegistry());
        driver = vigil.start(topology.build(), Instant.now());
        alerts = vigil.input(serdes.alerts());
        incidents = vigil.output(serdes.incidents());
    }

    @AfterEach
    void tearDown() {
        vigil.close();
    }

    @Test
    void shouldOpenOneIncidentListingTheAlertsWhenThreeArriveWithinTheWindow() {
        // Given three OPEN alerts on one card within four minutes, the newest arriving first
        send(alert("a3", "card-testing", "card-1", 240, Severity.HIGH));
        send(alert("a1", "velocity", "card-1", 0, Severity.MEDIUM));
        send(alert("a2", "impossible-travel", "card-1", 60, Severity.CRITICAL));

        // Then one incident, in event-time order, with the highest severity and a deterministic id
        Incident expected = Incident.newBuilder()
                .setIncidentId(AlertIds.incidentId("CARD", "card-1", List.of("a1", "a2", "a3")))
                .setEntityType(EntityType.CARD).setEntityId("card-1").setSeverity(Severity.CRITICAL)
                .setAlertIds(List.of("a1", "a2", "a3"))
                .setRuleIds(List.of("velocity", "impossible-travel", "card-testing"))
                .setWindowStart(T0).setWindowEnd(T0.plusSeconds(240))
                .setExplanation("3 alerts on CARD card-1 within 4 min: velocity, impossible-travel, card-testing")
                .build();
        assertEquals(List.of(expected), incidents.readValuesToList());
        assertEquals(AlertIds.incidentId("CARD", "card-1", List.of("a3", "a2", "a1")), expected.getIncidentId());
        assertNull(store().get("CARD:card-1"), "the alerts that opened the incident are spent");
    }

    @Test
    void shouldNotEscalateWhenAlertsAreFartherApartThanTheWindow() {
        // Given three alerts spread over six minutes
        send(alert("a1", "velocity", "card-2", 0, Severity.HIGH));
        send(alert("a2", "velocity", "card-2", 200, Severity.HIGH));
        send(alert("a3", "velocity", "card-2", 360, Severity.HIGH));

        // Then no incident: the first fell out of the window when the third came
        assertTrue(incidents.isEmpty());
        assertEquals(2, PendingAlerts.decode(store().get("CARD:card-2")).size());
    }

    @Test
    void shouldCountOnlyOpenAlertsOnceEachWhenResolvedAndRepeatsArrive() {
        // Given two OPEN alerts, one of them twice, and a RESOLVED alert
        send(alert("a1", "threshold", "dev-1", 0, Severity.HIGH));
        send(alert("a1", "threshold", "dev-1", 0, Severity.HIGH));
        Alert resolved = alert("r1", "threshold", "dev-1", 10, Severity.HIGH);
        resolved.setStatus(AlertStatus.RESOLVED);
        send(resolved);
        send(alert("a2", "flatline", "dev-1", 20, Severity.MEDIUM));

        // Then still no incident: two distinct OPEN alerts of three needed
        assertTrue(incidents.isEmpty());
    }

    @Test
    void shouldOpenASecondIncidentWhenThreeMoreAlertsArrive() {
        // Given six alerts on one card, within a window each three
        for (int i = 1; i <= 6; i++) {
            send(alert("a" + i, "velocity", "card-3", i * 10L, Severity.HIGH));
        }

        // Then two incidents, the first with a1..a3, the second with a4..a6
        List<Incident> opened = incidents.readValuesToList();
        assertEquals(List.of(List.of("a1", "a2", "a3"), List.of("a4", "a5", "a6")),
                opened.stream().map(Incident::getAlertIds).toList());
    }

    @Test
    void shouldKeepEntitiesApartWhenCardAndDeviceShareAnId() {
        // Given two alerts on card "x" and one on device "x"
        send(alert("a1", "velocity", "x", 0, Severity.HIGH));
        send(alert("a2", "velocity", "x", 10, Severity.HIGH));
        Alert device = alert("a3", "threshold", "x", 20, Severity.HIGH);
        device.setEntityType(EntityType.DEVICE);
        send(device);

        // Then no incident: neither entity has three
        assertTrue(incidents.isEmpty());
    }

    private KeyValueStore<String, byte[]> store() {
        return driver.getKeyValueStore(EscalationTopology.ESCALATION_STORE);
    }

    private void send(Alert alert) {
        alerts.pipeInput(alert.getEntityId(), alert, alert.getEventTimestamp());
    }

    private static Alert alert(String alertId, String ruleId, String entityId, long secondsAfterT0, Severity severity) {
        return anAlert().id(alertId).rule(ruleId).card(entityId).at(T0.plusSeconds(secondsAfterT0)).severity(severity)
                .build();
    }
}
