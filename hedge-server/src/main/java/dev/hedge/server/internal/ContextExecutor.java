package dev.hedge.server.internal;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;

/** Runs tasks on a Vert.x context: inline when already on it, else queued to it. */
record ContextExecutor(Context context) implements Executor {

    @Override
    public void execute(Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(ignored -> task.run());
        }
    }
}
