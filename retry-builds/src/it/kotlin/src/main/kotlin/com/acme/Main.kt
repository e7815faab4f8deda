package com.acme

import dev.ajretry.runtime.WeavingCheck

/** Fails the build (exec:java) unless Forecast, compiled by kotlinc and then woven, was retried. */
fun main() {
    WeavingCheck.assertWoven(Forecast::class.java)
    val forecast = Forecast()
    val answer = forecast.today("Lisbon")
    check(answer == "sunny in Lisbon" && forecast.attempts == 3) {
        "expected sunny in Lisbon at attempt 3, got $answer at attempt ${forecast.attempts}"
    }
    println("retried: $answer at attempt ${forecast.attempts}")
}
