/**
 * Management layers that drive a QEMU migration through libvirt, as the real code does, in simulated time:
 * OpenStack Nova's libvirt driver ({@link migreplay.replay.manage.Nova}: the downtime steps, the completion
 * timeout and its action) and KubeVirt's migration monitor ({@link migreplay.replay.manage.KubeVirt}: the
 * completion timeout per GiB, the progress timeout, post-copy or pause when allowed). A {@link
 * migreplay.replay.manage.Manager} looks at the migration at its monitor loop's period and acts on it through
 * a {@link migreplay.replay.manage.MigrationControl}; {@link migreplay.replay.manage.Managers} declares the
 * settings (under each project's documented names, in snake_case) and builds a manager from them.
 *
 * <p>May use {@code migreplay.replay.params} and {@code migreplay.io}; the QEMU family uses it, never the
 * other way round.
 */
package migreplay.replay.manage;
