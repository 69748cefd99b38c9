/**
 * The Xen family: Xen 3.3.0's pre-copy loop of {@code xc_domain_save.c} ({@link
 * migreplay.replay.xen.PrecopyLoop}), {@code xen-precopy} ({@link migreplay.replay.xen.XenPrecopy}), the improved
 * pre-copy of Ma, Liu and Liu ({@link migreplay.replay.xen.ImprovedPrecopy}) with its hold-back rules ({@link
 * migreplay.replay.xen.HotPolicy}), and {@code stop-and-copy} ({@link migreplay.replay.xen.StopAndCopy}).
 *
 * <p>May use {@code migreplay.replay.engine}, {@code migreplay.replay.params}, {@code migreplay.trace} and
 * {@code migreplay.io}; never another family, the registry or sweeps.
 */
package migreplay.replay.xen;
