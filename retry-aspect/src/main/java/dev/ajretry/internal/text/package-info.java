/**
 * Users' values as ajretry's log lines and events show them: {@link dev.ajretry.internal.text.Texts}. A leaf package
 * (it depends on no other package of ajretry), so that every package that turns a value it does not own into text
 * (the call's reports, the policy's warnings, the environment's listener warnings) goes through the same gate.
 */
package dev.ajretry.internal.text;
