//! `target/types/<program>.ts`, byte for byte as anchor-cli 0.31 (`idl_ts`) writes it.
//!
//! anchor-cli camelCases every JSON string value that is a single `\w+` token (instruction,
//! account, argument, type, field, variant, event, error and constant names, seed paths, ...)
//! unless it parses as a public key, by replacing every quoted occurrence of it in the compact
//! JSON; then it pretty-prints the result through the IDL types. The TS client
//! (`convertIdlToCamelCase`) camelCases the same names at run time, so `Program<T>` lines up.

use anchor_lang_idl::types::Idl;
use anyhow::Result;
use heck::{ToLowerCamelCase, ToPascalCase};
use regex::Regex;

/// True when `s` is what `Pubkey::from_str` accepts: base58 of exactly 32 bytes.
fn is_pubkey(s: &str) -> bool {
    s.len() <= 44 && bs58::decode(s).into_vec().is_ok_and(|bytes| bytes.len() == 32)
}

fn camel_case_json(idl_json: &str) -> Result<String> {
    let value = Regex::new(r#""\w+":"([\w\d]+)""#)?;
    let camel = value.captures_iter(idl_json).fold(idl_json.to_owned(), |acc, cap| {
        let name = &cap[1];
        if is_pubkey(name) {
            return acc;
        }
        acc.replace(&format!("\"{name}\""), &format!("\"{}\"", name.to_lower_camel_case()))
    });
    Ok(camel)
}

pub fn idl_ts(idl: &Idl) -> Result<String> {
    let idl_name = &idl.metadata.name;
    let type_name = idl_name.to_pascal_case();
    let camel = camel_case_json(&serde_json::to_string(idl)?)?;
    let pretty = serde_json::to_string_pretty(&serde_json::from_str::<Idl>(&camel)?)?;
    Ok(format!(
        r#"/**
 * Program IDL in camelCase format in order to be used in JS/TS.
 *
 * Note that this is only a type helper and is not the actual IDL. The original
 * IDL can be found at `target/idl/{idl_name}.json`.
 */
export type {type_name} = {pretty};
"#
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_cases_names_but_not_pubkeys_or_sentences() {
        let json = r#"{"address":"43j8JqMHXGjtxDfhQw1ZKNy8CCKdBiFqjWEsVHnwo4BY","name":"register_node","x":{"name":"RegistryConfig"},"msg":"Minimum stake must be positive","v":"min_stake","p":"config.owner_key"}"#;
        let out = camel_case_json(json).unwrap();
        assert!(out.contains(r#""43j8JqMHXGjtxDfhQw1ZKNy8CCKdBiFqjWEsVHnwo4BY""#));
        assert!(out.contains(r#""name":"registerNode""#));
        assert!(out.contains(r#""name":"registryConfig""#));
        assert!(out.contains(r#""msg":"Minimum stake must be positive""#));
        assert!(out.contains(r#""v":"minStake""#));
        // Dotted paths are not a single \w+ token: anchor-cli leaves them (the TS client
        // camelCases each segment at run time).
        assert!(out.contains(r#""p":"config.owner_key""#));
    }

    #[test]
    fn pascal_type_name() {
        assert_eq!("payment_config".to_pascal_case(), "PaymentConfig");
        assert_eq!("runtime_probe".to_pascal_case(), "RuntimeProbe");
    }
}
