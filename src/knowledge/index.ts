export { type DomainTest, defaultDomainTest, type ExtractedQuestion, extractQuestion } from './extract-question.js';
export { type AskResult, buildKnowledge, defaultTuning, type Knowledge, type Tuning } from './knowledge.js';
export { emptyLexicon, type Lexicon, parseLexicon } from './lexicon.js';
export { loadKnowledge, loadLexicon, loadTopics } from './load.js';
export { type PolicyTopic, parseTopic, TopicFormatError } from './topic.js';
