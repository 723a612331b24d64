package org.smartregion.analysis;

import java.util.List;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.compound.CompoundWordTokenFilterBase;
import org.apache.lucene.analysis.compound.DictionaryCompoundWordTokenFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.IntSetting;
import org.elasticsearch.plugin.settings.ListSetting;

/**
 * analysis-common's {@code dictionary_decompounder} with an inline {@code word_list}: the
 * compound "energiewirtschaft" also yields "energie" and "wirtschaft". (A {@code word_list_path}
 * file is not supported here; inline lists work on both distributions.)
 */
@NamedComponent("dictionary_decompounder")
public class DictionaryDecompounderFilterFactory implements TokenFilterFactory {

    @AnalysisSettings
    public interface Settings {
        @ListSetting(path = "word_list")
        List<String> wordList();

        @BooleanSetting(path = "word_list_case", defaultValue = false)
        boolean wordListCase();

        @IntSetting(path = "min_word_size", defaultValue = CompoundWordTokenFilterBase.DEFAULT_MIN_WORD_SIZE)
        int minWordSize();

        @IntSetting(path = "min_subword_size", defaultValue = CompoundWordTokenFilterBase.DEFAULT_MIN_SUBWORD_SIZE)
        int minSubwordSize();

        @IntSetting(path = "max_subword_size", defaultValue = CompoundWordTokenFilterBase.DEFAULT_MAX_SUBWORD_SIZE)
        int maxSubwordSize();

        @BooleanSetting(path = "only_longest_match", defaultValue = false)
        boolean onlyLongestMatch();
    }

    private final CharArraySet words;
    private final int minWordSize;
    private final int minSubwordSize;
    private final int maxSubwordSize;
    private final boolean onlyLongestMatch;

    @Inject
    public DictionaryDecompounderFilterFactory(Settings settings) {
        // Elasticsearch makes one instance without any settings for every index it creates, so an
        // empty list cannot be refused here; an analyser that uses it fails when it runs.
        List<String> wordList = settings.wordList();
        // analysis-common names the flag word_list_case and passes it on as ignoreCase.
        this.words = wordList.isEmpty() ? null : new CharArraySet(wordList, settings.wordListCase());
        this.minWordSize = settings.minWordSize();
        this.minSubwordSize = settings.minSubwordSize();
        this.maxSubwordSize = settings.maxSubwordSize();
        this.onlyLongestMatch = settings.onlyLongestMatch();
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        if (words == null) {
            throw new IllegalArgumentException("word_list must be provided for [dictionary_decompounder]");
        }
        return new DictionaryCompoundWordTokenFilter(
            tokenStream,
            words,
            minWordSize,
            minSubwordSize,
            maxSubwordSize,
            onlyLongestMatch
        );
    }
}
