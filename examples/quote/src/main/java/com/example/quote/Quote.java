package com.example.quote;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

import com.example.quote.Upstreams.Price;
import com.example.quote.Upstreams.Rate;
import com.example.quote.Upstreams.Stock;

/** The answer to GET /quote/{sku}?qty=N: the same in every mode. */
record Quote(String sku, int qty, BigDecimal unitPrice, String currency, String warehouse, BigDecimal shipping, int days,
             BigDecimal total) {

    static Quote of(String sku, int qty, Price price, Stock stock, Rate rate) {
        BigDecimal total = price.unitPrice().multiply(BigDecimal.valueOf(qty)).add(rate.price())
                .setScale(2, RoundingMode.HALF_UP);
        return new Quote(sku, qty, price.unitPrice(), price.currency(), stock.warehouse(), rate.price(), rate.days(), total);
    }

    String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sku", sku);
        fields.put("qty", qty);
        fields.put("unitPrice", unitPrice);
        fields.put("currency", currency);
        fields.put("warehouse", warehouse);
        fields.put("shipping", shipping);
        fields.put("days", days);
        fields.put("total", total);
        return Json.write(fields);
    }
}
