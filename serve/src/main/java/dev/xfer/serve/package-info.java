/**
 * {@code xfer serve}: a {@link dev.xfer.predict.Classifier} behind HTTP. {@link dev.xfer.serve.PredictServer} holds
 * the routes (Javalin), {@link dev.xfer.serve.ImageIntake} turns request bytes into pixels or a 4xx answer,
 * {@link dev.xfer.serve.MicroBatcher} joins concurrent requests into one conv-base batch and
 * {@link dev.xfer.serve.ServeMetrics} counts it all for Prometheus.
 */
package dev.xfer.serve;
