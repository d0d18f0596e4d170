/**
 * Weft's kernel: the only package that touches {@code jdk.internal}. {@link dev.weft.internal.Kernel}
 * is the narrow waist (create, resume, suspend); {@link dev.weft.internal.Bridge} joins the task and
 * loop packages. Not public API: anything here may change without notice.
 */
package dev.weft.internal;
