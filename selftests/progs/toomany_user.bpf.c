// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A consumer whose one program imports all 256 exports of the benchmark's
 * bexp_256: with itself that is 257 functions, one more than the kernel
 * verifies in a program (BPF_MAX_SUBPROGS), which bpflib must explain.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "bexp_256.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("xdp")
int too_many(struct xdp_md *ctx)
{
	__u32 s = 0;

	s += ex_0(s); s += ex_1(s); s += ex_2(s); s += ex_3(s); s += ex_4(s); s += ex_5(s); s += ex_6(s); s += ex_7(s);
	s += ex_8(s); s += ex_9(s); s += ex_10(s); s += ex_11(s); s += ex_12(s); s += ex_13(s); s += ex_14(s); s += ex_15(s);
	s += ex_16(s); s += ex_17(s); s += ex_18(s); s += ex_19(s); s += ex_20(s); s += ex_21(s); s += ex_22(s); s += ex_23(s);
	s += ex_24(s); s += ex_25(s); s += ex_26(s); s += ex_27(s); s += ex_28(s); s += ex_29(s); s += ex_30(s); s += ex_31(s);
	s += ex_32(s); s += ex_33(s); s += ex_34(s); s += ex_35(s); s += ex_36(s); s += ex_37(s); s += ex_38(s); s += ex_39(s);
	s += ex_40(s); s += ex_41(s); s += ex_42(s); s += ex_43(s); s += ex_44(s); s += ex_45(s); s += ex_46(s); s += ex_47(s);
	s += ex_48(s); s += ex_49(s); s += ex_50(s); s += ex_51(s); s += ex_52(s); s += ex_53(s); s += ex_54(s); s += ex_55(s);
	s += ex_56(s); s += ex_57(s); s += ex_58(s); s += ex_59(s); s += ex_60(s); s += ex_61(s); s += ex_62(s); s += ex_63(s);
	s += ex_64(s); s += ex_65(s); s += ex_66(s); s += ex_67(s); s += ex_68(s); s += ex_69(s); s += ex_70(s); s += ex_71(s);
	s += ex_72(s); s += ex_73(s); s += ex_74(s); s += ex_75(s); s += ex_76(s); s += ex_77(s); s += ex_78(s); s += ex_79(s);
	s += ex_80(s); s += ex_81(s); s += ex_82(s); s += ex_83(s); s += ex_84(s); s += ex_85(s); s += ex_86(s); s += ex_87(s);
	s += ex_88(s); s += ex_89(s); s += ex_90(s); s += ex_91(s); s += ex_92(s); s += ex_93(s); s += ex_94(s); s += ex_95(s);
	s += ex_96(s); s += ex_97(s); s += ex_98(s); s += ex_99(s); s += ex_100(s); s += ex_101(s); s += ex_102(s); s += ex_103(s);
	s += ex_104(s); s += ex_105(s); s += ex_106(s); s += ex_107(s); s += ex_108(s); s += ex_109(s); s += ex_110(s); s += ex_111(s);
	s += ex_112(s); s += ex_113(s); s += ex_114(s); s += ex_115(s); s += ex_116(s); s += ex_117(s); s += ex_118(s); s += ex_119(s);
	s += ex_120(s); s += ex_121(s); s += ex_122(s); s += ex_123(s); s += ex_124(s); s += ex_125(s); s += ex_126(s); s += ex_127(s);
	s += ex_128(s); s += ex_129(s); s += ex_130(s); s += ex_131(s); s += ex_132(s); s += ex_133(s); s += ex_134(s); s += ex_135(s);
	s += ex_136(s); s += ex_137(s); s += ex_138(s); s += ex_139(s); s += ex_140(s); s += ex_141(s); s += ex_142(s); s += ex_143(s);
	s += ex_144(s); s += ex_145(s); s += ex_146(s); s += ex_147(s); s += ex_148(s); s += ex_149(s); s += ex_150(s); s += ex_151(s);
	s += ex_152(s); s += ex_153(s); s += ex_154(s); s += ex_155(s); s += ex_156(s); s += ex_157(s); s += ex_158(s); s += ex_159(s);
	s += ex_160(s); s += ex_161(s); s += ex_162(s); s += ex_163(s); s += ex_164(s); s += ex_165(s); s += ex_166(s); s += ex_167(s);
	s += ex_168(s); s += ex_169(s); s += ex_170(s); s += ex_171(s); s += ex_172(s); s += ex_173(s); s += ex_174(s); s += ex_175(s);
	s += ex_176(s); s += ex_177(s); s += ex_178(s); s += ex_179(s); s += ex_180(s); s += ex_181(s); s += ex_182(s); s += ex_183(s);
	s += ex_184(s); s += ex_185(s); s += ex_186(s); s += ex_187(s); s += ex_188(s); s += ex_189(s); s += ex_190(s); s += ex_191(s);
	s += ex_192(s); s += ex_193(s); s += ex_194(s); s += ex_195(s); s += ex_196(s); s += ex_197(s); s += ex_198(s); s += ex_199(s);
	s += ex_200(s); s += ex_201(s); s += ex_202(s); s += ex_203(s); s += ex_204(s); s += ex_205(s); s += ex_206(s); s += ex_207(s);
	s += ex_208(s); s += ex_209(s); s += ex_210(s); s += ex_211(s); s += ex_212(s); s += ex_213(s); s += ex_214(s); s += ex_215(s);
	s += ex_216(s); s += ex_217(s); s += ex_218(s); s += ex_219(s); s += ex_220(s); s += ex_221(s); s += ex_222(s); s += ex_223(s);
	s += ex_224(s); s += ex_225(s); s += ex_226(s); s += ex_227(s); s += ex_228(s); s += ex_229(s); s += ex_230(s); s += ex_231(s);
	s += ex_232(s); s += ex_233(s); s += ex_234(s); s += ex_235(s); s += ex_236(s); s += ex_237(s); s += ex_238(s); s += ex_239(s);
	s += ex_240(s); s += ex_241(s); s += ex_242(s); s += ex_243(s); s += ex_244(s); s += ex_245(s); s += ex_246(s); s += ex_247(s);
	s += ex_248(s); s += ex_249(s); s += ex_250(s); s += ex_251(s); s += ex_252(s); s += ex_253(s); s += ex_254(s); s += ex_255(s);
	return s ? XDP_PASS : XDP_DROP;
}
