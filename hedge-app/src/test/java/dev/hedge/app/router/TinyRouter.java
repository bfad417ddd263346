package dev.hedge.app.router;

import dev.hedge.api.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Synthetic routing items that a router learns cleanly: arithmetic word problems the weak model fails,
 * small talk it handles. Shared by the router's end-to-end tests.
 */
final class TinyRouter {

    static final String MATH = "A farmer has %d cows and buys %d more at $%d each. He sells %d of them for $%d each. How much money did he make or lose in total?";
    static final String CHAT = "Hi there, could you %s please? Thanks a lot, %s!";
    private static final String[] ASKS = {"say hello", "wish me a good morning", "tell me a friendly greeting",
        "say thanks", "say goodbye nicely", "cheer me up"};
    private static final String[] NAMES = {"friend", "buddy", "pal", "mate", "dear"};

    private TinyRouter() {}

    /** Writes 30 math and 30 small-talk items to {@code dir/items.jsonl}. */
    static Path writeItems(Path dir) throws java.io.IOException {
        Path items = dir.resolve("items.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add(item("math/" + i, MATH.formatted(3 + i, 2 + i % 7, 100 + 13 * i, 1 + i % 4, 90 + 11 * i), 1, 0));
            lines.add(item("chat/" + i, CHAT.formatted(ASKS[i % ASKS.length], NAMES[i % NAMES.length]), 1, 1));
        }
        Files.write(items, lines, StandardCharsets.UTF_8);
        return items;
    }

    /**
     * {@code hedge router train} arguments for a quick static router over {@code items}: its table is
     * distilled from MiniLM's first 3,000 word pieces only (all 30,522 take minutes), cached in {@code dir}.
     */
    static String[] trainArgs(Path items, Path router, Path dir) {
        return new String[] {"router", "train", "--data", items.toString(), "--out", router.toString(),
            "--pieces-cache", dir.resolve("pieces.bin").toString(), "--pieces", "3000", "--dims", "64"};
    }

    private static String item(String id, String prompt, int strongScore, int weakScore) {
        return Json.writeString(Map.of("id", id, "source", "synthetic", "prompt", prompt,
                "scores", Map.of("gpt-4-1106-preview", strongScore, "mixtral-8x7b-instruct-v0.1", weakScore),
                "scale", List.of(0, 1)));
    }
}
