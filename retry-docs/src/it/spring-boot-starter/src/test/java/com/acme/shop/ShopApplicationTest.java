package com.acme.shop;

import dev.ajretry.spring.boot.AjretryEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = "management.endpoints.web.exposure.include=ajretry")
class ShopApplicationTest {

    @Autowired
    Prices prices;

    @Autowired
    AjretryEndpoint endpoint;

    @Test
    void theBeanIsRetriedAndTheEndpointListsIt() {
        assertThat(prices.price("sku-1")).isEqualTo("sku-1: 12.50 (attempt 3)");
        assertThat(endpoint.report().toString()).contains("Prices.price");
    }
}
