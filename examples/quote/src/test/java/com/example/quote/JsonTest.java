package com.example.quote;

import java.math.BigDecimal;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    @Test
    void reads_a_flat_object_with_numbers_as_decimals() {
        Map<String, Object> fields = Json.parseObject(
                " {\"sku\" : \"A\\u0031\\\"0\", \"unitPrice\":12.50,\"available\":42, \"gift\":false,\"note\":null} ");

        assertThat(fields).containsExactly(Map.entry("sku", "A1\"0"), Map.entry("unitPrice", new BigDecimal("12.50")),
                                           Map.entry("available", new BigDecimal("42")), Map.entry("gift", false),
                                           new AbstractMap.SimpleEntry<>("note", null));
        assertThat(Json.integer(fields, "available")).isEqualTo(42);
    }

    @Test
    void refuses_garbage_nesting_and_missing_fields() {
        assertThatThrownBy(() -> Json.parseObject("{\"sku\":\"A100\"")).hasMessageStartingWith("not a flat JSON object");
        assertThatThrownBy(() -> Json.parseObject("<html>")).hasMessageStartingWith("not a flat JSON object");
        assertThatThrownBy(() -> Json.parseObject("{\"a\":{}}")).hasMessageContaining("nested objects");
        assertThatThrownBy(() -> Json.parseObject("{} {}")).hasMessageContaining("text after the object");
        assertThatThrownBy(() -> Json.decimal(Json.parseObject("{\"price\":\"4.95\"}"), "price"))
                .hasMessage("field 'price' is missing or not a number");
        assertThatThrownBy(() -> Json.integer(Json.parseObject("{\"days\":2.5}"), "days"))
                .hasMessage("field 'days' is not a whole number");
    }

    @Test
    void writes_decimals_plain_and_strings_escaped() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("error", "bad \"sku\"\n");
        fields.put("total", new BigDecimal("1E+2").setScale(2));
        fields.put("days", 2);

        assertThat(Json.write(fields)).isEqualTo("{\"error\":\"bad \\\"sku\\\"\\n\",\"total\":100.00,\"days\":2}");
    }
}
