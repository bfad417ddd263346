import dev.hedge.app.router.PieceDistillation;
import dev.hedge.core.embed.PieceTable;
import dev.hedge.core.router.*;
import dev.hedge.local.embed.StaticEmbedder;
import java.io.*;
import java.nio.file.*;
import java.util.*;

public class Dump {
    public static void main(String[] a) throws Exception {
        PrintWriter err = new PrintWriter(System.err, true);
        String S = "gpt-4-1106-preview", W = "mixtral-8x7b-instruct-v0.1";
        List<RouterItem> items = new ArrayList<>();
        for (String f : List.of("arena_bench_v1", "gsm8k", "mmlu")) items.addAll(RouterItems.read(Path.of("/work/shared/data/routing/" + f + ".jsonl"), S, W).items());
        float[] pv = PieceDistillation.pieceVectors(Path.of(".hedge-cache/minilm-pieces.bin"), Integer.MAX_VALUE, 2, err);
        int dims = Integer.parseInt(a[0]);
        PieceTable t = PieceDistillation.table(pv, 384, dims, PieceDistillation.SIF);
        List<float[]> v = StaticEmbedder.miniLm(t).embed(items.stream().map(RouterItem::prompt).toList()).vectors();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(a[1])))) {
            out.writeInt(items.size()); out.writeInt(dims); out.writeInt(PromptFeatures.COUNT);
            for (int i = 0; i < items.size(); i++) {
                RouterItem it = items.get(i);
                out.writeUTF(it.id()); out.writeUTF(it.source());
                out.writeDouble(it.strongScore()); out.writeDouble(it.weakScore()); out.writeDouble(it.scaleMin()); out.writeDouble(it.scaleMax());
                for (float x : v.get(i)) out.writeFloat(x);
                for (double x : PromptFeatures.of(it.prompt())) out.writeDouble(x);
            }
        }
    }
}
