package chat.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HumanUnitsTest {

    @Test
    void sizesReadAsPeopleSayThem() {
        assertThat(HumanUnits.size(1)).isEqualTo("1 byte");
        assertThat(HumanUnits.size(512)).isEqualTo("512 bytes");
        assertThat(HumanUnits.size(12_595)).isEqualTo("12.3 KB");
        assertThat(HumanUnits.size(26_214_400)).isEqualTo("25 MB");
        assertThat(HumanUnits.size(209_715_200)).isEqualTo("200 MB");
        assertThat(HumanUnits.size(1_610_612_736L)).isEqualTo("1.5 GB");
    }

    @Test
    void waitsAreNeverZeroAndRoundUp() {
        assertThat(HumanUnits.duration(0)).isEqualTo("1 s");
        assertThat(HumanUnits.duration(45)).isEqualTo("45 s");
        assertThat(HumanUnits.duration(121)).isEqualTo("3 min");
        assertThat(HumanUnits.duration(7_201)).isEqualTo("3 h");
    }

    @Test
    void daysAreDays() {
        assertThat(HumanUnits.day(1_798_630_000_000L)).isEqualTo("30 December 2026");
    }
}
