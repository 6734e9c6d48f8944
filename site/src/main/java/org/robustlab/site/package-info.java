/** Static results website of a study: Mustache templates, plotly.js from its WebJar, no network. */
package org.robustlab.site;
