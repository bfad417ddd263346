/**
 * Azure OpenAI ({@code /openai/deployments/{deployment}/...?api-version=...}) and Azure AI Foundry's model
 * inference endpoint ({@code /models/chat/completions?api-version=...}, model in the body), both speaking
 * OpenAI's shapes with Azure's additions (content-filter results), which the drift guard handles.
 */
@NullMarked
package dev.hedge.providers.azure;

import org.jspecify.annotations.NullMarked;
