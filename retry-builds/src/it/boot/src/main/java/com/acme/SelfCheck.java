package com.acme;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Run with --selfcheck (verify.groovy does): once the server is up, checks what the fat jar must show, prints it, and
 * ends the application with exit code 0 only if all of it holds.
 */
@Component
@ConditionalOnProperty("selfcheck")
class SelfCheck implements ApplicationRunner {

    private final WebServerApplicationContext context;

    SelfCheck(WebServerApplicationContext context) {
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        // ajc kept the names (<parameters>true</parameters>): Spring binds ?city= to an unnamed @RequestParam.
        boolean named = WeatherController.class.getMethod("forecast", String.class).getParameters()[0].isNamePresent();
        String answer = RestClient.create().get()
                .uri("http://localhost:" + context.getWebServer().getPort() + "/forecast?city=Lisbon")
                .retrieve().body(String.class);
        boolean passed = named && "sunny in Lisbon at attempt 3".equals(answer);
        System.out.println("self-check: parameter names in the class file: " + named + "; GET /forecast?city=Lisbon: "
                + answer + "; " + (passed ? "passed" : "FAILED"));
        System.exit(SpringApplication.exit(context, () -> passed ? 0 : 1));
    }
}
