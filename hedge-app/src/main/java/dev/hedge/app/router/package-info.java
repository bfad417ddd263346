/**
 * The quality router in the application: the offline side (embedding item files, cached; training,
 * evaluation, plots), its wiring into a running gateway ({@link dev.hedge.app.router.RouterWiring}) and the
 * shadow comparisons that teach it from judged answers ({@link dev.hedge.app.router.ShadowComparisons}).
 */
@NullMarked
package dev.hedge.app.router;

import org.jspecify.annotations.NullMarked;
