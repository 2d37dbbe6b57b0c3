/**
 * Program IDL in camelCase format in order to be used in JS/TS.
 *
 * Note that this is only a type helper and is not the actual IDL. The original
 * IDL can be found at `target/idl/registry.json`.
 */
export type Registry = {
  "address": "43j8JqMHXGjtxDfhQw1ZKNy8CCKdBiFqjWEsVHnwo4BY",
  "metadata": {
    "name": "registry",
    "version": "0.1.0",
    "spec": "0.1.0",
    "description": "Synq Network registry program"
  },
  "instructions": [
    {
      "name": "commitStorage",
      "discriminator": [
        11,
        62,
        71,
        219,
        114,
        165,
        93,
        173
      ],
      "accounts": [
        {
          "name": "operator",
          "signer": true,
          "relations": [
            "node"
          ]
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  114,
                  101,
                  103,
                  105,
                  115,
                  116,
                  114,
                  121,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "node",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  110,
                  111,
                  100,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "operator"
              }
            ]
          }
        }
      ],
      "args": [
        {
          "name": "root",
          "type": {
            "array": [
              "u8",
              32
            ]
          }
        },
        {
          "name": "size",
          "type": "u64"
        }
      ]
    },
    {
      "name": "deregister",
      "discriminator": [
        161,
        178,
        39,
        189,
        231,
        224,
        13,
        187
      ],
      "accounts": [
        {
          "name": "operator",
          "writable": true,
          "signer": true,
          "relations": [
            "node"
          ]
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  114,
                  101,
                  103,
                  105,
                  115,
                  116,
                  114,
                  121,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "node",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  110,
                  111,
                  100,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "operator"
              }
            ]
          }
        },
        {
          "name": "pool",
          "relations": [
            "node"
          ]
        }
      ],
      "args": []
    },
    {
      "name": "expireChallenge",
      "discriminator": [
        73,
        82,
        20,
        227,
        216,
        66,
        58,
        41
      ],
      "accounts": [
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  114,
                  101,
                  103,
                  105,
                  115,
                  116,
                  114,
                  121,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "node",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  110,
                  111,
                  100,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "node.operator",
                "account": "node"
              }
            ]
          },
          "relations": [
            "challenge"
          ]
        },
        {
          "name": "challenge",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  104,
                  97,
                  108,
                  108,
                  101,
                  110,
                  103,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "node"
              },
              {
                "kind": "account",
                "path": "challenge.sequence",
                "account": "challenge"
              }
            ]
          }
        },
        {
          "name": "challenger",
          "writable": true,
          "relations": [
            "challenge"
          ]
        },
        {
          "name": "slasher",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  108,
                  97,
                  115,
                  104,
                  101,
                  114
                ]
              }
            ]
          }
        },
        {
          "name": "stakingConfig",
          "docs": [
            "Staking validates these in its own `slash` (seeds, has_one, slasher key)."
          ]
        },
        {
          "name": "pool",
          "writable": true,
          "relations": [
            "node"
          ]
        },
        {
          "name": "vault",
          "writable": true
        },
        {
          "name": "mint",
          "writable": true
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        },
        {
          "name": "stakingProgram",
          "address": "BZHZCDozrDR5DDd8xvGSnD62Tpsd87yDZZ8qfkS7CRYJ"
        }
      ],
      "args": []
    },
    {
      "name": "initialize",
      "discriminator": [
        175,
        175,
        109,
        31,
        13,
        152,
        155,
        237
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "authority",
          "docs": [
            "Signs so that nobody can name an authority key they do not control."
          ],
          "signer": true
        },
        {
          "name": "programData",
          "docs": [
            "The program's ProgramData (BPF upgradeable loader), as `anchor deploy` leaves it: only its",
            "upgrade authority may initialise, so nobody can take the config before the deployer."
          ],
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  45,
                  69,
                  218,
                  186,
                  107,
                  152,
                  167,
                  118,
                  79,
                  178,
                  89,
                  252,
                  71,
                  52,
                  190,
                  105,
                  37,
                  255,
                  199,
                  1,
                  253,
                  164,
                  99,
                  90,
                  11,
                  84,
                  211,
                  67,
                  8,
                  165,
                  221,
                  127
                ]
              }
            ],
            "program": {
              "kind": "const",
              "value": [
                2,
                168,
                246,
                145,
                78,
                136,
                161,
                176,
                226,
                16,
                21,
                62,
                247,
                99,
                174,
                43,
                0,
                194,
                185,
                61,
                22,
                193,
                36,
                210,
                192,
                83,
                122,
                16,
                4,
                128,
                0,
                0
              ]
            }
          }
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  114,
                  101,
                  103,
                  105,
                  115,
                  116,
                  114,
                  121,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "initializeArgs"
            }
          }
        }
      ]
    },
    {
      "name": "issueChallenge",
      "discriminator": [
        253,
        141,
        5,
        184,
        11,
        27,
        107,
        135
      ],
      "accounts": [
        {
          "name": "challenger",
          "docs": [
            "Anyone: pays the challenge's rent and gets it back when it resolves."
          ],
          "writable": true,
          "signer": true
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  114,
                  101,
                  103,
                  105,
                  115,
                  116,
                  114,
                  121,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "node",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  110,
                  111,
                  100,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "node.operator",
                "account": "node"
              }
            ]
          }
        },
        {
          "name": "challenge",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  104,
                  97,
                  108,
                  108,
                  101,
                  110,
                  103,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "node"
              },
              {
                "kind": "account",
                "path": "node.challenge_sequence",
                "account": "node"
              }
            ]
          }
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": []
    },
    {
      "name": "registerNode",
      "discriminator": [
        102,
        85,
        117,
        114,
        194,
        188,
        211,
        168
      ],
      "accounts": [
        {
          "name": "operator",
          "writable": true,
          "signer": true
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  114,
                  101,
                  103,
                  105,
                  115,
                  116,
                  114,
                  121,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "pool",
          "docs": [
            "The operator's pool: owned by the staking program (`Account` checks the owner) at the",
            "PDA derived from this operator."
          ],
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  111,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "operator"
              }
            ],
            "program": {
              "kind": "const",
              "value": [
                156,
                218,
                44,
                140,
                140,
                179,
                35,
                162,
                47,
                227,
                69,
                150,
                160,
                72,
                89,
                34,
                177,
                255,
                155,
                55,
                241,
                44,
                16,
                183,
                145,
                24,
                153,
                204,
                222,
                229,
                206,
                239
              ]
            }
          }
        },
        {
          "name": "node",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  110,
                  111,
                  100,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "operator"
              }
            ]
          }
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "registerNodeArgs"
            }
          }
        }
      ]
    },
    {
      "name": "respondChallenge",
      "discriminator": [
        23,
        91,
        86,
        216,
        47,
        225,
        208,
        145
      ],
      "accounts": [
        {
          "name": "operator",
          "signer": true,
          "relations": [
            "node"
          ]
        },
        {
          "name": "node",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  110,
                  111,
                  100,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "operator"
              }
            ]
          },
          "relations": [
            "challenge"
          ]
        },
        {
          "name": "challenge",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  104,
                  97,
                  108,
                  108,
                  101,
                  110,
                  103,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "node"
              },
              {
                "kind": "account",
                "path": "challenge.sequence",
                "account": "challenge"
              }
            ]
          }
        },
        {
          "name": "challenger",
          "writable": true,
          "relations": [
            "challenge"
          ]
        },
        {
          "name": "slotHashes",
          "address": "SysvarS1otHashes111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "proof",
          "type": {
            "defined": {
              "name": "challengeProof"
            }
          }
        }
      ]
    },
    {
      "name": "setParams",
      "discriminator": [
        27,
        234,
        178,
        52,
        147,
        2,
        187,
        141
      ],
      "accounts": [
        {
          "name": "authority",
          "signer": true,
          "relations": [
            "config"
          ]
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  114,
                  101,
                  103,
                  105,
                  115,
                  116,
                  114,
                  121,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "setRegistryParamsArgs"
            }
          }
        }
      ]
    },
    {
      "name": "setStatus",
      "discriminator": [
        181,
        184,
        224,
        203,
        193,
        29,
        177,
        224
      ],
      "accounts": [
        {
          "name": "signer",
          "docs": [
            "The node operator (pause / resume) or the config authority (jail / unjail)."
          ],
          "signer": true
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  114,
                  101,
                  103,
                  105,
                  115,
                  116,
                  114,
                  121,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "node",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  110,
                  111,
                  100,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "node.operator",
                "account": "node"
              }
            ]
          }
        },
        {
          "name": "pool",
          "docs": [
            "Read to check the minimum stake when a node resumes."
          ],
          "relations": [
            "node"
          ]
        }
      ],
      "args": [
        {
          "name": "status",
          "type": {
            "defined": {
              "name": "nodeStatus"
            }
          }
        }
      ]
    },
    {
      "name": "submitReport",
      "discriminator": [
        27,
        178,
        64,
        9,
        20,
        46,
        250,
        14
      ],
      "accounts": [
        {
          "name": "operator",
          "signer": true,
          "relations": [
            "node"
          ]
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  114,
                  101,
                  103,
                  105,
                  115,
                  116,
                  114,
                  121,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "node",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  110,
                  111,
                  100,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "operator"
              }
            ]
          }
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "reportArgs"
            }
          }
        }
      ]
    },
    {
      "name": "updateNode",
      "discriminator": [
        13,
        65,
        246,
        102,
        101,
        91,
        98,
        43
      ],
      "accounts": [
        {
          "name": "operator",
          "signer": true,
          "relations": [
            "node"
          ]
        },
        {
          "name": "node",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  110,
                  111,
                  100,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "operator"
              }
            ]
          }
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "updateNodeArgs"
            }
          }
        }
      ]
    }
  ],
  "accounts": [
    {
      "name": "challenge",
      "discriminator": [
        119,
        250,
        161,
        121,
        119,
        81,
        22,
        208
      ]
    },
    {
      "name": "node",
      "discriminator": [
        208,
        53,
        1,
        3,
        49,
        122,
        180,
        49
      ]
    },
    {
      "name": "registryConfig",
      "discriminator": [
        23,
        118,
        10,
        246,
        173,
        231,
        243,
        156
      ]
    },
    {
      "name": "stakeConfig",
      "discriminator": [
        238,
        151,
        43,
        3,
        11,
        151,
        63,
        176
      ]
    },
    {
      "name": "stakePool",
      "discriminator": [
        121,
        34,
        206,
        21,
        79,
        127,
        255,
        28
      ]
    }
  ],
  "events": [
    {
      "name": "challengeExpired",
      "discriminator": [
        8,
        175,
        9,
        64,
        0,
        48,
        124,
        120
      ]
    },
    {
      "name": "challengeIssued",
      "discriminator": [
        62,
        236,
        46,
        76,
        215,
        29,
        239,
        53
      ]
    },
    {
      "name": "challengeResponded",
      "discriminator": [
        53,
        30,
        70,
        210,
        108,
        82,
        105,
        43
      ]
    },
    {
      "name": "nodeDeregistered",
      "discriminator": [
        13,
        10,
        0,
        47,
        35,
        152,
        52,
        8
      ]
    },
    {
      "name": "nodeRegistered",
      "discriminator": [
        15,
        57,
        183,
        59,
        93,
        55,
        157,
        195
      ]
    },
    {
      "name": "nodeStatusChanged",
      "discriminator": [
        143,
        68,
        203,
        216,
        160,
        96,
        161,
        166
      ]
    },
    {
      "name": "nodeUpdated",
      "discriminator": [
        3,
        8,
        87,
        251,
        118,
        64,
        24,
        70
      ]
    },
    {
      "name": "registryInitialized",
      "discriminator": [
        144,
        138,
        62,
        105,
        58,
        38,
        100,
        177
      ]
    },
    {
      "name": "registryParamsUpdated",
      "discriminator": [
        145,
        178,
        201,
        155,
        157,
        158,
        42,
        64
      ]
    },
    {
      "name": "reportSubmitted",
      "discriminator": [
        30,
        14,
        109,
        53,
        161,
        40,
        129,
        244
      ]
    },
    {
      "name": "storageCommitted",
      "discriminator": [
        206,
        240,
        134,
        46,
        223,
        9,
        150,
        130
      ]
    }
  ],
  "errors": [
    {
      "code": 6000,
      "name": "invalidChallengeWindow",
      "msg": "The challenge interval must be non-zero"
    },
    {
      "code": 6001,
      "name": "invalidMinStake",
      "msg": "The minimum stake must be non-zero"
    },
    {
      "code": 6002,
      "name": "invalidQosParams",
      "msg": "Invalid QoS parameters: weights sum to 10000, alpha 1..=10000, slash_bps <= MAX_SLASH_BPS, slash and jail counts within bounds"
    },
    {
      "code": 6003,
      "name": "invalidEpochLength",
      "msg": "The report epoch must be between MIN_REPORT_EPOCH_SECONDS and MAX_REPORT_EPOCH_SECONDS"
    },
    {
      "code": 6004,
      "name": "invalidEndpoint",
      "msg": "The endpoint is longer than 128 bytes or empty"
    },
    {
      "code": 6005,
      "name": "insufficientStake",
      "msg": "The node's stake pool holds less than the minimum stake"
    },
    {
      "code": 6006,
      "name": "overflow",
      "msg": "Arithmetic overflow"
    },
    {
      "code": 6007,
      "name": "invalidStatusTransition",
      "msg": "This status change is not allowed for this signer"
    },
    {
      "code": 6008,
      "name": "nodeNotActive",
      "msg": "The node is not active"
    },
    {
      "code": 6009,
      "name": "alreadyReported",
      "msg": "A report was already submitted for this epoch"
    },
    {
      "code": 6010,
      "name": "invalidUptime",
      "msg": "Reported uptime exceeds the epoch length"
    },
    {
      "code": 6011,
      "name": "invalidCommitment",
      "msg": "The storage commitment must have a non-zero size"
    },
    {
      "code": 6012,
      "name": "noCommitment",
      "msg": "The node has no storage commitment"
    },
    {
      "code": 6013,
      "name": "challengeOpen",
      "msg": "The node has an open challenge"
    },
    {
      "code": 6014,
      "name": "challengeTooSoon",
      "msg": "The challenge interval has not elapsed since the last challenge"
    },
    {
      "code": 6015,
      "name": "invalidSlotHashes",
      "msg": "The SlotHashes sysvar could not be read"
    },
    {
      "code": 6016,
      "name": "challengeDeadlinePassed",
      "msg": "The response window has closed"
    },
    {
      "code": 6017,
      "name": "challengeNotExpired",
      "msg": "The response window is still open"
    },
    {
      "code": 6018,
      "name": "invalidProof",
      "msg": "The merkle proof does not match the committed root"
    },
    {
      "code": 6019,
      "name": "stillStaked",
      "msg": "The node's pool still holds stake"
    },
    {
      "code": 6020,
      "name": "notOperator",
      "msg": "Only the node operator may do this"
    },
    {
      "code": 6021,
      "name": "notUpgradeAuthority",
      "msg": "Only the program's upgrade authority (its ProgramData account) may initialise"
    },
    {
      "code": 6022,
      "name": "nodeJailed",
      "msg": "A jailed node cannot deregister: it stays jailed until the authority releases it"
    },
    {
      "code": 6023,
      "name": "selfChallenge",
      "msg": "A node's operator cannot challenge its own node"
    },
    {
      "code": 6024,
      "name": "statusCooldown",
      "msg": "The node changed status too recently: wait challenge_interval_slots + response_window_slots"
    },
    {
      "code": 6025,
      "name": "challengeSeedNotReady",
      "msg": "The challenge's seed slot (the first after the issue slot) is not hashed yet"
    },
    {
      "code": 6026,
      "name": "challengeSeedExpired",
      "msg": "The challenge's seed slot has left SlotHashes"
    },
    {
      "code": 6027,
      "name": "commitmentTooLarge",
      "msg": "The commitment holds more chunks than one challenge response can prove"
    },
    {
      "code": 6028,
      "name": "invalidResponseWindow",
      "msg": "The response window must be between MIN_RESPONSE_WINDOW_SLOTS and MAX_RESPONSE_WINDOW_SLOTS"
    }
  ],
  "types": [
    {
      "name": "challenge",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "node",
            "type": "pubkey"
          },
          {
            "name": "challenger",
            "docs": [
              "Paid the rent; refunded when the challenge is answered or expired."
            ],
            "type": "pubkey"
          },
          {
            "name": "sequence",
            "type": "u64"
          },
          {
            "name": "root",
            "docs": [
              "The commitment challenged (a later commit_storage does not change it)."
            ],
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "chunkCount",
            "type": "u64"
          },
          {
            "name": "issuedSlot",
            "docs": [
              "The segment asked for follows from the hash of the first slot after this one",
              "(`respond_challenge` reads it from SlotHashes), so nobody knows it when the challenge opens."
            ],
            "type": "u64"
          },
          {
            "name": "deadlineSlot",
            "type": "u64"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "challengeExpired",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "node",
            "type": "pubkey"
          },
          {
            "name": "challenge",
            "type": "pubkey"
          },
          {
            "name": "sequence",
            "type": "u64"
          },
          {
            "name": "qosBps",
            "type": "u16"
          },
          {
            "name": "slashed",
            "type": "u64"
          },
          {
            "name": "proofsFailed",
            "type": "u64"
          },
          {
            "name": "jailed",
            "docs": [
              "Set when this miss jailed the node (`jail_after_misses` in a row)."
            ],
            "type": "bool"
          },
          {
            "name": "slot",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "challengeIssued",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "node",
            "type": "pubkey"
          },
          {
            "name": "challenge",
            "type": "pubkey"
          },
          {
            "name": "challenger",
            "type": "pubkey"
          },
          {
            "name": "sequence",
            "type": "u64"
          },
          {
            "name": "root",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "chunkCount",
            "type": "u64"
          },
          {
            "name": "deadlineSlot",
            "type": "u64"
          },
          {
            "name": "slot",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "challengeProof",
      "docs": [
        "The challenged segment with its path up to the chunk's root, and the chunk's path up to",
        "the committed root."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "segment",
            "type": {
              "array": [
                "u8",
                64
              ]
            }
          },
          {
            "name": "segmentProof",
            "type": {
              "vec": {
                "array": [
                  "u8",
                  32
                ]
              }
            }
          },
          {
            "name": "chunkProof",
            "type": {
              "vec": {
                "array": [
                  "u8",
                  32
                ]
              }
            }
          }
        ]
      }
    },
    {
      "name": "challengeResponded",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "node",
            "type": "pubkey"
          },
          {
            "name": "challenge",
            "type": "pubkey"
          },
          {
            "name": "sequence",
            "type": "u64"
          },
          {
            "name": "seedSlot",
            "docs": [
              "The slot whose hash fixed the segment asked for, the seed and the indices."
            ],
            "type": "u64"
          },
          {
            "name": "seed",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "chunkIndex",
            "type": "u64"
          },
          {
            "name": "segmentIndex",
            "type": "u64"
          },
          {
            "name": "proofsPassed",
            "type": "u64"
          },
          {
            "name": "slot",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "initializeArgs",
      "docs": [
        "Only the parameters every deployment picks; the rest start at the defaults in",
        "`constants.rs` and change through `set_params`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "minStake",
            "type": "u64"
          },
          {
            "name": "challengeIntervalSlots",
            "type": "u64"
          },
          {
            "name": "responseWindowSlots",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "node",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "operator",
            "type": "pubkey"
          },
          {
            "name": "pool",
            "docs": [
              "The operator's staking pool (`staking` PDA `[POOL_SEED, operator]`)."
            ],
            "type": "pubkey"
          },
          {
            "name": "endpoint",
            "type": "string"
          },
          {
            "name": "region",
            "docs": [
              "Region code (e.g. UN M49), chosen by the operator."
            ],
            "type": "u16"
          },
          {
            "name": "capacityBytes",
            "type": "u64"
          },
          {
            "name": "models",
            "docs": [
              "Data models served: bit 0 KV, 1 documents, 2 vectors, 3 time series."
            ],
            "type": "u32"
          },
          {
            "name": "status",
            "type": {
              "defined": {
                "name": "nodeStatus"
              }
            }
          },
          {
            "name": "qosBps",
            "type": "u16"
          },
          {
            "name": "metrics",
            "type": {
              "defined": {
                "name": "nodeMetrics"
              }
            }
          },
          {
            "name": "lastReportEpoch",
            "docs": [
              "Epoch of the last report; meaningful when `metrics.reports > 0`."
            ],
            "type": "u64"
          },
          {
            "name": "commitment",
            "type": {
              "defined": {
                "name": "storageCommitment"
              }
            }
          },
          {
            "name": "challengeSequence",
            "docs": [
              "Sequence number the next challenge gets."
            ],
            "type": "u64"
          },
          {
            "name": "openChallenges",
            "type": "u32"
          },
          {
            "name": "lastChallengeSlot",
            "type": "u64"
          },
          {
            "name": "consecutiveMisses",
            "docs": [
              "Challenges missed since the last one answered; `jail_after_misses` of them jail."
            ],
            "type": "u16"
          },
          {
            "name": "slashEpoch",
            "docs": [
              "Report epoch of `slashes_in_epoch`."
            ],
            "type": "u64"
          },
          {
            "name": "slashesInEpoch",
            "type": "u16"
          },
          {
            "name": "statusChangedSlot",
            "docs": [
              "Slot of the last status change (pause / resume cooldown)."
            ],
            "type": "u64"
          },
          {
            "name": "registeredAt",
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "nodeDeregistered",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "node",
            "type": "pubkey"
          },
          {
            "name": "operator",
            "type": "pubkey"
          },
          {
            "name": "slot",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "nodeMetrics",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "bytesTransferred",
            "type": "u64"
          },
          {
            "name": "sessionsServed",
            "type": "u64"
          },
          {
            "name": "uptimeSeconds",
            "type": "u64"
          },
          {
            "name": "proofsPassed",
            "type": "u64"
          },
          {
            "name": "proofsFailed",
            "type": "u64"
          },
          {
            "name": "reports",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "nodeRegistered",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "node",
            "type": "pubkey"
          },
          {
            "name": "operator",
            "type": "pubkey"
          },
          {
            "name": "pool",
            "type": "pubkey"
          },
          {
            "name": "endpoint",
            "type": "string"
          },
          {
            "name": "region",
            "type": "u16"
          },
          {
            "name": "capacityBytes",
            "type": "u64"
          },
          {
            "name": "models",
            "type": "u32"
          },
          {
            "name": "stake",
            "type": "u64"
          },
          {
            "name": "slot",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "nodeStatus",
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "pending"
          },
          {
            "name": "active"
          },
          {
            "name": "paused"
          },
          {
            "name": "jailed"
          },
          {
            "name": "deregistered"
          }
        ]
      }
    },
    {
      "name": "nodeStatusChanged",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "node",
            "type": "pubkey"
          },
          {
            "name": "by",
            "type": "pubkey"
          },
          {
            "name": "from",
            "type": {
              "defined": {
                "name": "nodeStatus"
              }
            }
          },
          {
            "name": "to",
            "type": {
              "defined": {
                "name": "nodeStatus"
              }
            }
          },
          {
            "name": "slot",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "nodeUpdated",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "node",
            "type": "pubkey"
          },
          {
            "name": "endpoint",
            "type": "string"
          },
          {
            "name": "region",
            "type": "u16"
          },
          {
            "name": "capacityBytes",
            "type": "u64"
          },
          {
            "name": "models",
            "type": "u32"
          },
          {
            "name": "slot",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "qosParams",
      "docs": [
        "How QoS moves. All values in basis points."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "uptimeWeightBps",
            "docs": [
              "Weight of reported uptime in a report's QoS sample."
            ],
            "type": "u16"
          },
          {
            "name": "proofWeightBps",
            "docs": [
              "Weight of the lifetime challenge pass rate in a report's QoS sample."
            ],
            "type": "u16"
          },
          {
            "name": "ewmaAlphaBps",
            "docs": [
              "EWMA smoothing: qos = (alpha * sample + (10000 - alpha) * qos) / 10000."
            ],
            "type": "u16"
          },
          {
            "name": "missPenaltyBps",
            "docs": [
              "A missed challenge multiplies QoS by (10000 - miss_penalty) / 10000."
            ],
            "type": "u16"
          },
          {
            "name": "slashBps",
            "docs": [
              "A missed challenge slashes this share of the node's pool (active + unbonding)."
            ],
            "type": "u16"
          },
          {
            "name": "maxSlashesPerEpoch",
            "docs": [
              "At most this many slashes per report epoch; later misses cost QoS only."
            ],
            "type": "u16"
          },
          {
            "name": "jailAfterMisses",
            "docs": [
              "This many misses in a row jail the node (no more challenges, no earnings) until the",
              "authority releases it: an offline node loses a bounded share, not its whole pool."
            ],
            "type": "u16"
          }
        ]
      }
    },
    {
      "name": "registerNodeArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "endpoint",
            "type": "string"
          },
          {
            "name": "region",
            "type": "u16"
          },
          {
            "name": "capacityBytes",
            "type": "u64"
          },
          {
            "name": "models",
            "type": "u32"
          }
        ]
      }
    },
    {
      "name": "registryConfig",
      "docs": [
        "Registry-wide parameters. `authority` moves to the governance PDA at bootstrap."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "minStake",
            "docs": [
              "Tokens (base units) a node's staking pool must hold to register."
            ],
            "type": "u64"
          },
          {
            "name": "challengeIntervalSlots",
            "type": "u64"
          },
          {
            "name": "responseWindowSlots",
            "type": "u64"
          },
          {
            "name": "reportEpochSeconds",
            "docs": [
              "Report epochs are `unix_timestamp / report_epoch_seconds + epoch_offset`."
            ],
            "type": "u64"
          },
          {
            "name": "epochOffset",
            "docs": [
              "Set when `report_epoch_seconds` changes so that epoch numbers never go back (a longer",
              "epoch would otherwise restart numbering below nodes' last reports and lock them out)."
            ],
            "type": "u64"
          },
          {
            "name": "qos",
            "type": {
              "defined": {
                "name": "qosParams"
              }
            }
          },
          {
            "name": "nodeCount",
            "type": "u64"
          },
          {
            "name": "createdAt",
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "slasherBump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "registryInitialized",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "config",
            "type": "pubkey"
          },
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "minStake",
            "type": "u64"
          },
          {
            "name": "challengeIntervalSlots",
            "type": "u64"
          },
          {
            "name": "responseWindowSlots",
            "type": "u64"
          },
          {
            "name": "slot",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "registryParamsUpdated",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "config",
            "type": "pubkey"
          },
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "minStake",
            "type": "u64"
          },
          {
            "name": "challengeIntervalSlots",
            "type": "u64"
          },
          {
            "name": "responseWindowSlots",
            "type": "u64"
          },
          {
            "name": "reportEpochSeconds",
            "type": "u64"
          },
          {
            "name": "qos",
            "type": {
              "defined": {
                "name": "qosParams"
              }
            }
          }
        ]
      }
    },
    {
      "name": "reportArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "bytesTransferred",
            "type": "u64"
          },
          {
            "name": "sessionsServed",
            "type": "u64"
          },
          {
            "name": "uptimeSeconds",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "reportSubmitted",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "node",
            "type": "pubkey"
          },
          {
            "name": "epoch",
            "type": "u64"
          },
          {
            "name": "bytesTransferred",
            "type": "u64"
          },
          {
            "name": "sessionsServed",
            "type": "u64"
          },
          {
            "name": "uptimeSeconds",
            "type": "u64"
          },
          {
            "name": "sampleBps",
            "type": "u16"
          },
          {
            "name": "qosBps",
            "type": "u16"
          },
          {
            "name": "slot",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "setRegistryParamsArgs",
      "docs": [
        "Every field is optional: `None` keeps the current value."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "minStake",
            "type": {
              "option": "u64"
            }
          },
          {
            "name": "challengeIntervalSlots",
            "type": {
              "option": "u64"
            }
          },
          {
            "name": "responseWindowSlots",
            "type": {
              "option": "u64"
            }
          },
          {
            "name": "reportEpochSeconds",
            "type": {
              "option": "u64"
            }
          },
          {
            "name": "qos",
            "type": {
              "option": {
                "defined": {
                  "name": "qosParams"
                }
              }
            }
          },
          {
            "name": "authority",
            "type": {
              "option": "pubkey"
            }
          }
        ]
      }
    },
    {
      "name": "stakeConfig",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "mint",
            "docs": [
              "The $SYNQ mint every pool stakes."
            ],
            "type": "pubkey"
          },
          {
            "name": "slasher",
            "docs": [
              "The only key besides `authority` allowed to slash: the registry's slasher PDA."
            ],
            "type": "pubkey"
          },
          {
            "name": "governance",
            "docs": [
              "Locks/unlocks positions for open votes (the governance program's authority PDA);",
              "the default key until governance is bootstrapped, so nobody can lock."
            ],
            "type": "pubkey"
          },
          {
            "name": "cooldownSeconds",
            "type": "u64"
          },
          {
            "name": "warmupSeconds",
            "docs": [
              "How long new stake waits before it joins the pool's active class (see `Warming`)."
            ],
            "type": "u64"
          },
          {
            "name": "poolCount",
            "type": "u64"
          },
          {
            "name": "totalStaked",
            "docs": [
              "Active stake of all pools as last synced (`StakePool::counted_tokens`): the quorum base",
              "of governance. `stake` and `request_unstake` keep it exact; rewards and slashes reach it",
              "when the pool is next touched or `sync_stake` runs (permissionless)."
            ],
            "type": "u64"
          },
          {
            "name": "createdAt",
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "stakePool",
      "docs": [
        "One node operator's stake pool. Two share classes live in it: active stake (earns rewards,",
        "counts for the registry's minimum stake) and unbonding stake (waits out the cooldown).",
        "Both are slashable; slashing lowers the value of a share, never a position's share count."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "config",
            "type": "pubkey"
          },
          {
            "name": "operator",
            "type": "pubkey"
          },
          {
            "name": "vault",
            "docs": [
              "Token account (PDA `[VAULT_SEED, pool]`) owned by this pool PDA."
            ],
            "type": "pubkey"
          },
          {
            "name": "totalTokens",
            "docs": [
              "Active tokens backing `total_shares`."
            ],
            "type": "u64"
          },
          {
            "name": "totalShares",
            "type": "u128"
          },
          {
            "name": "unbondingTokens",
            "docs": [
              "Tokens backing `unbonding_shares` (requested, not yet withdrawn)."
            ],
            "type": "u64"
          },
          {
            "name": "unbondingShares",
            "type": "u128"
          },
          {
            "name": "warmingTokens",
            "docs": [
              "Tokens of positions still warming up (`StakePosition::warming`): in the vault, in no class."
            ],
            "type": "u64"
          },
          {
            "name": "commissionBps",
            "type": "u16"
          },
          {
            "name": "generation",
            "docs": [
              "Bumped when a slash empties the pool completely: positions from an older generation",
              "hold nothing (their shares are zeroed when next touched), so share counts restart."
            ],
            "type": "u32"
          },
          {
            "name": "totalSlashed",
            "type": "u64"
          },
          {
            "name": "totalRewards",
            "type": "u64"
          },
          {
            "name": "countedTokens",
            "docs": [
              "This pool's `total_tokens` as last added into `StakeConfig::total_staked`."
            ],
            "type": "u64"
          },
          {
            "name": "createdAt",
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "vaultBump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "storageCommitment",
      "docs": [
        "The data a node commits to (see `merkle.rs` for the tree layout)."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "root",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "size",
            "type": "u64"
          },
          {
            "name": "chunkCount",
            "type": "u64"
          },
          {
            "name": "epoch",
            "docs": [
              "Report epoch and slot of the commitment."
            ],
            "type": "u64"
          },
          {
            "name": "slot",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "storageCommitted",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "node",
            "type": "pubkey"
          },
          {
            "name": "root",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "size",
            "type": "u64"
          },
          {
            "name": "chunkCount",
            "type": "u64"
          },
          {
            "name": "epoch",
            "type": "u64"
          },
          {
            "name": "slot",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "updateNodeArgs",
      "docs": [
        "Every field is optional: `None` keeps the current value."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "endpoint",
            "type": {
              "option": "string"
            }
          },
          {
            "name": "region",
            "type": {
              "option": "u16"
            }
          },
          {
            "name": "capacityBytes",
            "type": {
              "option": "u64"
            }
          },
          {
            "name": "models",
            "type": {
              "option": "u32"
            }
          }
        ]
      }
    }
  ],
  "constants": [
    {
      "name": "bpsDenominator",
      "type": "u16",
      "value": "10000"
    },
    {
      "name": "challengeSeed",
      "docs": [
        "`[CHALLENGE_SEED, node, sequence as u64 little-endian]`."
      ],
      "type": "bytes",
      "value": "[99, 104, 97, 108, 108, 101, 110, 103, 101]"
    },
    {
      "name": "chunkSize",
      "docs": [
        "Storage commitments: data is cut into chunks of `CHUNK_SIZE` bytes (the last one zero",
        "padded); each chunk into `SEGMENTS_PER_CHUNK` segments of `SEGMENT_SIZE` bytes. A challenge",
        "asks for one segment of one chunk."
      ],
      "type": "u64",
      "value": "4096"
    },
    {
      "name": "configSeed",
      "type": "bytes",
      "value": "[114, 101, 103, 105, 115, 116, 114, 121, 95, 99, 111, 110, 102, 105, 103]"
    },
    {
      "name": "initialQosBps",
      "docs": [
        "QoS a fresh node starts at (50%)."
      ],
      "type": "u16",
      "value": "5000"
    },
    {
      "name": "maxCommitmentChunks",
      "type": "u64",
      "value": "1048576"
    },
    {
      "name": "maxEndpointLen",
      "type": "u32",
      "value": "128"
    },
    {
      "name": "maxJailAfterMisses",
      "type": "u16",
      "value": "100"
    },
    {
      "name": "maxReportEpochSeconds",
      "type": "u64",
      "value": "2592000"
    },
    {
      "name": "maxResponseWindowSlots",
      "type": "u64",
      "value": "256"
    },
    {
      "name": "maxSlashesPerEpoch",
      "type": "u16",
      "value": "10"
    },
    {
      "name": "maxSlashBps",
      "docs": [
        "One miss burns at most 10% of a pool."
      ],
      "type": "u16",
      "value": "1000"
    },
    {
      "name": "minReportEpochSeconds",
      "type": "u64",
      "value": "3600"
    },
    {
      "name": "minResponseWindowSlots",
      "docs": [
        "Parameter bounds (`initialize`, `set_params`). The response window must leave the seed slot",
        "(the first after the issue slot) in SlotHashes, which keeps 512 slots."
      ],
      "type": "u64",
      "value": "4"
    },
    {
      "name": "nodeSeed",
      "docs": [
        "`[NODE_SEED, operator]`: one node per operator."
      ],
      "type": "bytes",
      "value": "[110, 111, 100, 101]"
    },
    {
      "name": "segmentsPerChunk",
      "type": "u64",
      "value": "64"
    },
    {
      "name": "segmentSize",
      "type": "u64",
      "value": "64"
    },
    {
      "name": "slasherSeed",
      "docs": [
        "Signs slashing CPIs into the staking program."
      ],
      "type": "bytes",
      "value": "[115, 108, 97, 115, 104, 101, 114]"
    }
  ]
};
